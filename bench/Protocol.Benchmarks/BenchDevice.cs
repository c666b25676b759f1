using ShareKey.Protocol.Messages;
using ShareKey.Protocol.Verification;

namespace ShareKey.Protocol.Benchmarks;

/// <summary>
/// A device that holds one epoch, knows of no revocations or uses and has one challenge out — the
/// state of a lock at the moment a renter's phone writes its unlock. Cheap, so the benchmark
/// measures the protocol, not the store.
/// </summary>
public sealed class BenchDevice : IVerifierState
{
    private readonly uint _epoch;
    private readonly byte[] _epochKey;
    private byte[]? _outstandingNonce;

    public BenchDevice(ulong deviceId, uint now, uint epoch, byte[] epochKey)
    {
        DeviceId = deviceId;
        Now = now;
        _epoch = epoch;
        _epochKey = epochKey;
    }

    public ulong DeviceId { get; }

    public uint Now { get; }

    public bool IsLockedOut(ulong keyId) => false;

    public byte[]? EpochKey(uint epoch) => epoch == _epoch ? _epochKey : null;

    public KeyStanding StandingOf(ulong keyId) => KeyStanding.Good;

    public int UsesOf(ulong keyId) => 0;

    /// <summary>Issues a challenge; the next command must carry this nonce.</summary>
    public void Challenge(byte[] nonce) => _outstandingNonce = nonce;

    public bool ConsumeNonce(byte[] nonce)
    {
        var matches = _outstandingNonce is not null && _outstandingNonce.AsSpan().SequenceEqual(nonce);
        _outstandingNonce = null;
        return matches;
    }
}
