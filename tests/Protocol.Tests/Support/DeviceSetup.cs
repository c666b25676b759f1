using ShareKey.Firmware.State;
using ShareKey.Firmware.Storage;
using ShareKey.Protocol.Crypto;
using ShareKey.Protocol.Messages;
using ShareKey.Protocol.Tokens;

namespace ShareKey.Protocol.Tests.Support;

/// <summary>
/// Puts the boards' own <see cref="DeviceKeyState"/> (firmware/Common, over host memory slots) into
/// the situation a verifier test checks, through the same calls the firmware makes once a message
/// is authenticated — so the verifier is tested against the device state it really reads, not a copy.
/// </summary>
public static class DeviceSetup
{
    /// <summary>One failure locks a key out, so a test states a lock-out with a single <see cref="WithLockOut"/>.</summary>
    private static readonly LockOutPolicy OneFailureLocks = new(maxFailures: 1, windowSeconds: 60, lockSeconds: 300);

    /// <summary>A device of <paramref name="deviceId"/> whose clock reads <paramref name="now"/>, holding no epoch, no challenge out.</summary>
    public static DeviceKeyState Fresh(ulong deviceId, uint now)
    {
        var slots = new MemorySlots(DurableRecord.Overhead + DeviceKeyState.MaxSavedLength);
        var state = new DeviceKeyState(deviceId, new DurableRecord(slots), new StoppedUptime(), Samples.Crypto, OneFailureLocks);
        state.Clock.AdvanceTo(now);
        return state;
    }

    /// <summary>Installs <paramref name="epoch"/> as the active epoch, as a verified Rotate does; the previous active one becomes the backup.</summary>
    public static DeviceKeyState WithEpoch(this DeviceKeyState state, uint epoch, byte[] key)
    {
        state.Epochs.Install(epoch, key);
        return state;
    }

    /// <summary>Gives each key its standing the way the device learns it: Revoked from a Rotate's list,
    /// Transferred from an accepted transfer share, Frozen from one bulletin naming every frozen key.</summary>
    /// <summary>The fingerprint a "changed" standing names: of a newer token than any a test presents.</summary>
    public const uint SupersedingFingerprint = 0x5EE5EE5E;

    public static DeviceKeyState WithStandings(this DeviceKeyState state, params (ulong KeyId, KeyStanding Standing)[] standings)
    {
        var frozen = new List<BulletinEntry>();
        foreach (var (keyId, standing) in standings)
        {
            switch (standing)
            {
                case KeyStanding.Revoked:
                    state.RevokeLocally(keyId, AnyEpoch);
                    break;
                case KeyStanding.Transferred:
                    Assert.True(state.RevokeTransferredParent(keyId, AnyEpoch), "no room to record the transfer");
                    break;
                case KeyStanding.Frozen:
                    frozen.Add(new BulletinEntry(keyId, KeyStanding.Frozen, BulletinEntry.NoExpiry));
                    break;
                case KeyStanding.Changed:
                    // Changed to a token no test builds: the one the test presents is an older one (a 2^-32 chance of a tag that begins so).
                    frozen.Add(new BulletinEntry(keyId, KeyStanding.Changed, SupersedingFingerprint));
                    break;
            }
        }

        if (frozen.Count > 0)
        {
            var bulletin = new BulletinMessage
            {
                DeviceId = state.DeviceId,
                Sequence = state.Bulletin.Sequence + 1,
                IssuedAt = state.Now,
                Epoch = state.Epochs.ActiveEpoch,
                Entries = frozen.ToArray(),
            };
            Assert.True(state.ApplyBulletin(bulletin), "the freezing bulletin was not taken");
        }

        foreach (var (keyId, standing) in standings)
        {
            // A change is no standing of the key as a whole: it names which of its tokens opens.
            Assert.Equal(standing == KeyStanding.Changed ? KeyStanding.Good : standing, state.StandingOf(keyId));
        }

        return state;
    }

    public static DeviceKeyState WithStanding(this DeviceKeyState state, ulong keyId, KeyStanding standing) =>
        state.WithStandings((keyId, standing));

    /// <summary>Counts <paramref name="uses"/> accepted uses of <paramref name="token"/>'s key, as the unlock session does.</summary>
    public static DeviceKeyState WithUses(this DeviceKeyState state, KeyToken token, int uses)
    {
        for (var i = 0; i < uses; i++)
        {
            Assert.True(state.RecordUse(token), "no room to count a use");
        }

        return state;
    }

    /// <summary>Locks <paramref name="keyId"/> out, as failed guesses at its holder secret do.</summary>
    public static DeviceKeyState WithLockOut(this DeviceKeyState state, ulong keyId)
    {
        Assert.True(state.RecordFailure(keyId));
        return state;
    }

    /// <summary>Issues a challenge whose nonce is <paramref name="nonce"/> (the RNG made to draw it), so signed vectors stay fixed.</summary>
    public static DeviceKeyState WithChallenge(this DeviceKeyState state, byte[] nonce)
    {
        Assert.Equal(nonce, state.Nonce.Issue(new ChosenRandom(nonce)));
        return state;
    }

    /// <summary>A revocation under every epoch: it matters whichever epoch the test's token is under.</summary>
    private const uint AnyEpoch = uint.MaxValue;

    /// <summary>Uptime that stands still: the device clock stays where the test set it.</summary>
    private sealed class StoppedUptime : IClock
    {
        public uint UptimeSeconds => 0;
    }

    /// <summary>Real cryptography, but the RNG yields the chosen bytes.</summary>
    private sealed class ChosenRandom(byte[] chosen) : ICryptoProvider
    {
        public byte[] HmacSha256(byte[] key, byte[] data, int offset, int count) => Samples.Crypto.HmacSha256(key, data, offset, count);

        public byte[] AesCbcEncrypt(byte[] key, byte[] iv, byte[] data, int offset, int count) => Samples.Crypto.AesCbcEncrypt(key, iv, data, offset, count);

        public byte[] AesCbcDecrypt(byte[] key, byte[] iv, byte[] data, int offset, int count) => Samples.Crypto.AesCbcDecrypt(key, iv, data, offset, count);

        public void FillRandom(byte[] buffer, int offset, int count) => Array.Copy(chosen, 0, buffer, offset, count);
    }
}
