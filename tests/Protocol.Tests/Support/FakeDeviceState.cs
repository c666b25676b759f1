using ShareKey.Protocol.Messages;
using ShareKey.Protocol.Verification;

namespace ShareKey.Protocol.Tests.Support;

/// <summary>
/// An in-memory <see cref="IVerifierState"/> for verifier tests: every piece of device state is a
/// settable field, so each test states exactly the situation it checks.
/// </summary>
public sealed class FakeDeviceState : IVerifierState
{
    private readonly Dictionary<uint, byte[]> _epochKeys = new();
    private readonly Dictionary<ulong, KeyStanding> _standings = new();
    private readonly Dictionary<ulong, int> _uses = new();
    private byte[]? _outstandingNonce;

    public FakeDeviceState(ulong deviceId, uint now)
    {
        DeviceId = deviceId;
        Now = now;
    }

    public ulong DeviceId { get; }

    public uint Now { get; set; }

    /// <summary>The key the lock-out is in force for, if any.</summary>
    public ulong? LockedKeyId { get; set; }

    public bool IsLockedOut(ulong keyId) => LockedKeyId == keyId;

    public byte[]? EpochKey(uint epoch) => _epochKeys.TryGetValue(epoch, out var key) ? key : null;

    public KeyStanding StandingOf(ulong keyId) => _standings.TryGetValue(keyId, out var standing) ? standing : KeyStanding.Good;

    public int UsesOf(ulong keyId) => _uses.TryGetValue(keyId, out var uses) ? uses : 0;

    public bool ConsumeNonce(byte[] nonce)
    {
        var matches = _outstandingNonce is not null && _outstandingNonce.AsSpan().SequenceEqual(nonce);
        _outstandingNonce = null;
        return matches;
    }

    public FakeDeviceState WithEpoch(uint epoch, byte[] key)
    {
        _epochKeys[epoch] = key;
        return this;
    }

    public FakeDeviceState WithoutEpoch(uint epoch)
    {
        _epochKeys.Remove(epoch);
        return this;
    }

    public FakeDeviceState WithStanding(ulong keyId, KeyStanding standing)
    {
        _standings[keyId] = standing;
        return this;
    }

    public FakeDeviceState WithUses(ulong keyId, int uses)
    {
        _uses[keyId] = uses;
        return this;
    }

    /// <summary>Issues a challenge: the nonce the next command must carry.</summary>
    public FakeDeviceState WithChallenge(byte[] nonce)
    {
        _outstandingNonce = (byte[])nonce.Clone();
        return this;
    }
}
