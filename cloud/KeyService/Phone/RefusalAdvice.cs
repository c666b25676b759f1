using ShareKey.Protocol.Verification;

namespace ShareKey.KeyService.Phone;

/// <summary>What a phone's user does about each refusal: the "what to do" column of docs/protocol.md §6.</summary>
public static class RefusalAdvice
{
    public static string For(RefusalReason reason, string keyId) => reason switch
    {
        RefusalReason.WrongDevice => "pick the key for this device",
        RefusalReason.UnknownEpoch => $"the device's key changed: fetch a new one (`sharekey phone fetch {keyId}`)",
        RefusalReason.StaleNonce => "retry: the next attempt reads a fresh challenge",
        RefusalReason.BadTag => $"the token is damaged or forged: fetch it again (`sharekey phone fetch {keyId}`)",
        RefusalReason.BadCommandMac => $"this phone lacks the key's holder secret (a copied token?): fetch the key again (`sharekey phone fetch {keyId}`)",
        RefusalReason.Revoked => "the key is revoked: ask the owner or operator",
        RefusalReason.ParentRevoked => "the key it was shared from is revoked: ask the sharer for a new share",
        RefusalReason.Frozen => "the key (or its parent) is frozen: ask the manager to unfreeze it",
        RefusalReason.NotYetValid => "wait, or carry a signed time (--carry) if the device's clock is behind",
        RefusalReason.Expired => $"fetch a renewed key (`sharekey phone fetch {keyId}`)",
        RefusalReason.NotPermitted => "this key does not allow that command",
        RefusalReason.UsesExhausted => "no uses left: fetch a renewed key; lock still works",
        RefusalReason.LockedOut => "too many failures: wait; retrying succeeds no sooner",
        RefusalReason.Malformed => "the device could not decode the command: report it, it is a bug",
        RefusalReason.TooFar => "move closer and retry",
        _ => "see docs/protocol.md §6",
    };
}
