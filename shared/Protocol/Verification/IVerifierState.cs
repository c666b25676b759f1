using ShareKey.Protocol.Messages;
using ShareKey.Protocol.Tokens;

namespace ShareKey.Protocol.Verification
{
    /// <summary>
    /// What the verifier needs to know of the device. The firmware's key store implements it; the
    /// verifier only reads, except for <see cref="ConsumeNonce"/>, which must make a nonce
    /// unusable whatever the outcome, so each challenge admits one attempt.
    /// </summary>
    public interface IVerifierState
    {
        ulong DeviceId { get; }

        /// <summary>The device clock, Unix seconds; it only ever moves forward.</summary>
        uint Now { get; }

        /// <summary>True while the failed-attempt lock-out is in force for this key id.</summary>
        bool IsLockedOut(ulong keyId);

        /// <summary>The 32-byte key of <paramref name="epoch"/> if it is the active or backup epoch; null otherwise.</summary>
        byte[] EpochKey(uint epoch);

        /// <summary>The key's standing by the newest bulletin and local revocations (transfers, rotations).</summary>
        KeyStanding StandingOf(ulong keyId);

        /// <summary>True when the newest bulletin says the token's key changed (R1.5) and this token is not its newest one.</summary>
        bool IsSuperseded(KeyToken token);

        /// <summary>Counted uses (unlock, start) already accepted for this key on this device.</summary>
        int UsesOf(ulong keyId);

        /// <summary>True exactly once for the outstanding challenge nonce; afterwards, and for any other nonce, false.</summary>
        bool ConsumeNonce(byte[] nonce);
    }
}
