namespace ShareKey.Mqtt.Client;

/// <summary>Hands out packet identifiers not currently in use (§2.3.1: non-zero, unique among the
/// client's unacknowledged exchanges), round-robin so a just-freed id is not reused at once.
/// Not thread-safe: the client calls it under its session lock.</summary>
internal sealed class PacketIdentifierPool
{
    // One bit per identifier (8 KiB) rather than one bool (64 KiB): a simulated fleet holds 10,000 clients.
    private readonly System.Collections.BitArray _inUse = new(ushort.MaxValue + 1);
    private ushort _last;
    private int _count;

    public ushort Rent()
    {
        if (_count == ushort.MaxValue)
        {
            throw new InvalidOperationException("All 65535 packet identifiers are in use.");
        }

        do
        {
            _last = _last == ushort.MaxValue ? (ushort)1 : (ushort)(_last + 1);
        }
        while (_inUse[_last]);

        _inUse[_last] = true;
        _count++;
        return _last;
    }

    public void Return(ushort identifier)
    {
        if (_inUse[identifier])
        {
            _inUse[identifier] = false;
            _count--;
        }
    }
}
