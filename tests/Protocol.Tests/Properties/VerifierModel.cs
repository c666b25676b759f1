using ShareKey.Protocol.Messages;
using ShareKey.Protocol.Tokens;
using ShareKey.Protocol.Verification;

namespace ShareKey.Protocol.Tests.Properties;

/// <summary>
/// The verifier's rules restated as plainly as possible, from the scenario's description rather
/// than from bytes and MACs, so it shares no code with <see cref="CommandVerifier"/>. Order: cheap
/// structural checks, nonce, token tag, command MAC, then standing, time, permission, uses.
/// It is the property test's oracle, not a second device: it keeps no device state, and the
/// verifier it judges reads the boards' own <c>DeviceKeyState</c> (see VerifierScenario.BuildDevice).
/// </summary>
public static class VerifierModel
{
    public static RefusalReason Judge(VerifierScenario s)
    {
        var parentStanding = s.ParentKeyId == 0 ? KeyStanding.Good : s.ParentStanding;
        return true switch
        {
            _ when s.LockedOut => RefusalReason.LockedOut,
            _ when s.ForeignDevice => RefusalReason.WrongDevice,
            _ when s.Epoch == HeldEpoch.Unknown => RefusalReason.UnknownEpoch,
            _ when s.Nonce != SentNonce.Outstanding => RefusalReason.StaleNonce,
            _ when !s.TagIntact => RefusalReason.BadTag,
            _ when s.Secret != CommandSecret.HolderSecret => RefusalReason.BadCommandMac,
            _ when s.Standing is KeyStanding.Revoked or KeyStanding.Transferred => RefusalReason.Revoked,
            _ when parentStanding == KeyStanding.Revoked => RefusalReason.ParentRevoked,
            _ when parentStanding == KeyStanding.Transferred && !s.TransferShare => RefusalReason.ParentRevoked,
            _ when s.Standing == KeyStanding.Frozen || parentStanding == KeyStanding.Frozen => RefusalReason.Frozen,
            // Only the key's own change matters: a parent's change leaves its shares' tokens alone.
            _ when s.Standing == KeyStanding.Changed => RefusalReason.Superseded,
            _ when s.Now < s.NotBefore => RefusalReason.NotYetValid,
            _ when s.Now >= s.NotAfter => RefusalReason.Expired,
            _ when !s.Permissions.HasFlag(Needed(s.Command)) => RefusalReason.NotPermitted,
            _ when IsCountedCommand(s.Command) && s.MaxUses != 0 && s.Used >= s.MaxUses => RefusalReason.UsesExhausted,
            _ => RefusalReason.Accepted,
        };
    }

    /// <summary>Only a sender who proved it holds the holder secret gets a signed Result.</summary>
    public static bool ProvedHolderSecret(RefusalReason reason) => reason is not (
        RefusalReason.LockedOut or RefusalReason.WrongDevice or RefusalReason.UnknownEpoch
        or RefusalReason.StaleNonce or RefusalReason.BadTag or RefusalReason.BadCommandMac);

    public static bool IsCounted(VerifierScenario s, RefusalReason reason) =>
        reason == RefusalReason.Accepted && IsCountedCommand(s.Command);

    /// <summary>Uses left after this command; nothing is disclosed to a sender who did not prove the secret.</summary>
    public static ushort RemainingUses(VerifierScenario s, RefusalReason reason)
    {
        if (!ProvedHolderSecret(reason))
        {
            return 0;
        }

        if (s.MaxUses == 0)
        {
            return ResultMessage.UnlimitedUses;
        }

        var left = s.MaxUses - s.Used - (IsCounted(s, reason) ? 1 : 0);
        return (ushort)Math.Max(0, left);
    }

    private static bool IsCountedCommand(CommandCode command) => command != CommandCode.Lock;

    private static Permissions Needed(CommandCode command) => command switch
    {
        CommandCode.Unlock => Permissions.Unlock,
        CommandCode.Lock => Permissions.Lock,
        _ => Permissions.Start,
    };
}
