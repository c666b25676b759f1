using System.Collections.Frozen;

namespace ShareKey.KeyService.Audit;

/// <summary>
/// Which entries the notification pipeline reads: an entry is stored pending only when it can
/// become a notification, every other one (a rotation's start and confirmation, a device's routine
/// acks, a refusal) as read already, so the pipeline neither reads nor marks it. The rules that
/// decide this are Notifications/NotificationRules.cs, above this folder, which this one never
/// names; this is their mirror, and NotificationRulesMirrorTests holds it to their table.
/// </summary>
public static class AuditNotice
{
    /// <summary>Actions whose every result is heard: a device's outcome carries what it did as the result.</summary>
    private static readonly FrozenSet<string> EveryResult = FrozenSet.Create(StringComparer.Ordinal,
        "device.ack.remotelock", "vehicle.remote-lock.outcome");

    /// <summary>Actions heard when they succeeded ("ok").</summary>
    private static readonly FrozenSet<string> WhenOk = FrozenSet.Create(StringComparer.Ordinal,
        "vehicle.remote-lock", "vehicle.remote-release", "vehicle.low-charge",
        "key.issue", "key.share", "key.freeze", "key.unfreeze", "key.revoke", "key.give-up", "key.validity", "key.transferred",
        "rental.return", "reservation.cancel", "reservation.release", "rotation.give-up", "device.silent");

    /// <summary>Whether an entry of <paramref name="action"/> with <paramref name="result"/> is stored pending for the notification pipeline.</summary>
    public static bool IsPending(string action, string result) =>
        EveryResult.Contains(action) || (result == "ok" && WhenOk.Contains(action));

    /// <summary>The actions this names, for the test that holds it to the rules.</summary>
    public static IEnumerable<string> Actions => EveryResult.Concat(WhenOk);
}
