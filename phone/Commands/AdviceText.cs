using ShareKey.Protocol.Messages;
using ShareKey.Protocol.Verification;

namespace ShareKey.Phone.Commands;

/// <summary>The protocol's structured <see cref="CommandAdvice"/> in words for the phone's user.</summary>
public static class AdviceText
{
    /// <summary>What the answer is and how far to believe it.</summary>
    public static string Verdict(CommandAdvice advice)
    {
        var status = Names.Of(advice.Reason);
        return advice.Trust switch
        {
            AnswerTrust.Verified when advice.Accepted => $"ACCEPTED: {Names.Of(advice.Command)} done; {Uses(advice.RemainingUses)}. The answer is signed by the device.",
            AnswerTrust.Verified => $"REFUSED: {status}. The answer is signed by the device.",
            AnswerTrust.Unsigned => $"REFUSED (unauthenticated): {status}. The device refused before it checked this key, so its answer is unsigned: advisory only, anyone nearby could have sent it.",
            AnswerTrust.NoAnswer => $"NO ANSWER: the {Names.Of(advice.Command)} was sent but no valid result came back; it may or may not have been carried out.",
            _ => $"UNVERIFIED: the answer says {status}, but it is not signed with this key's holder secret: it is not the device's word, and the {Names.Of(advice.Command)} may or may not have been carried out.",
        };
    }

    /// <summary>What to do next; empty when nothing is needed.</summary>
    public static string WhatToDo(CommandAdvice advice, string keyId)
    {
        var fetch = $"`sharekey phone fetch {keyId}`";
        return advice.Remedy switch
        {
            Remedy.None => string.Empty,
            Remedy.RetryNow => "retry: the next attempt reads a fresh challenge",
            Remedy.MoveCloser => "move closer and retry",
            Remedy.Wait when advice.Reason == RefusalReason.NotYetValid =>
                $"the key is not valid yet by the device's clock: wait, or if the device's clock is behind, fetch the key again ({fetch}) for a fresh signed time to carry",
            Remedy.Wait when advice.Reason == RefusalReason.SpaceOccupied =>
                "a car is in the space, and the barrier never rises onto a car: lock again once it has left",
            Remedy.Wait => "too many failures: wait; retrying succeeds no sooner",
            Remedy.FetchKey => advice.Reason switch
            {
                RefusalReason.UnknownEpoch => $"the device's key changed since this key was issued: fetch it again ({fetch}) — the service renews it, or tells you it was revoked (as a returned rental's key is)",
                RefusalReason.BadTag => $"the token is damaged or forged: fetch it again ({fetch})",
                RefusalReason.BadCommandMac => $"this phone lacks the key's holder secret (a copied token?): fetch the key again ({fetch})",
                RefusalReason.UsesExhausted => $"no uses left: fetch a renewed key ({fetch}); lock still works",
                _ => $"the key has expired: fetch a renewed key ({fetch})",
            },
            Remedy.PickOtherKey => "pick the key for this device",
            Remedy.AskOwner when advice.Reason == RefusalReason.RemoteLocked =>
                "the owner holds this car with a remote lock: it will not start until they release it",
            Remedy.AskOwner => "the key is revoked: ask the owner or operator for a new key",
            Remedy.AskSharer => "the key it was shared from is revoked: ask the sharer for a new share",
            Remedy.AskManager => "the key (or its parent) is frozen: ask the manager to unfreeze it",
            Remedy.ReportBug => "the device could not decode the command: report it, it is a bug",
            Remedy.CheckAsset => "look whether the doors, immobiliser or barrier moved before sending again",
            _ => "this key does not allow that command",
        };
    }

    private static string Uses(ushort remaining) =>
        remaining == ResultMessage.UnlimitedUses ? "unlimited uses" : remaining + " use(s) left";
}
