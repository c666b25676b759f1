namespace ShareKey.Mqtt.Tests.Fixtures;

/// <summary>Follows the MQTT fixed headers (§2.1) in one direction of a byte stream, however the bytes
/// arrive in chunks, and reports the type of each packet as its header is read. Lets the fault proxy
/// tell a test which packets crossed the network, without trusting either end's own account.</summary>
public sealed class PacketFraming
{
    private int _skip;          // payload bytes of the current packet still to pass
    private int _type = -1;     // type of the packet whose header is being read; -1 between packets
    private int _length;
    private int _multiplier = 1;

    /// <summary>Reads <paramref name="bytes"/>; calls <paramref name="onPacket"/> with each packet type whose header completes in them.</summary>
    public void Read(ReadOnlySpan<byte> bytes, Action<int> onPacket)
    {
        foreach (var b in bytes)
        {
            if (_skip > 0)
            {
                _skip--;
            }
            else if (_type < 0)
            {
                _type = b >> 4;
                _length = 0;
                _multiplier = 1;
            }
            else
            {
                _length += (b & 0x7F) * _multiplier;
                _multiplier *= 128;
                if ((b & 0x80) == 0)
                {
                    onPacket(_type);
                    _skip = _length;
                    _type = -1;
                }
            }
        }
    }
}
