using ShareKey.KeyService.Audit;
using ShareKey.KeyService.Devices;
using ShareKey.KeyService.Notifications;
using ShareKey.Protocol.Messages;

namespace ShareKey.KeyService.Tests.Service.Notifications;

/// <summary>
/// The audit log and the device events store a record pending for the notification pipeline by
/// mirrors of the rules (<see cref="AuditNotice"/>, <see cref="DeviceEventNotice"/>: they sit below
/// Notifications and may not name it). A mirror that left out what a rule tells would lose that
/// notification; one that named more would only cost reads. Either fails here.
/// </summary>
public sealed class NotificationRulesMirrorTests
{
    [Fact]
    public void The_audit_log_stores_pending_exactly_the_entries_a_rule_can_tell()
    {
        var ruled = NotificationRules.AuditActions.Select(rule => rule.Action).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(ruled, AuditNotice.Actions.Order(StringComparer.Ordinal));

        string[] others = ["rotation.start", "rotation.merge", "rotation.confirm", "rotation.redrive", "device.ack.rotate", "device.ack.commit", "key.use", ""];
        string[] results = ["ok", "refused", "applied", "forbidden", "conflict", "engaged", "OK", ""];
        foreach (var action in ruled.Concat(others))
        {
            foreach (var result in results)
            {
                Assert.True(
                    NotificationRules.Tells(action, result) == AuditNotice.IsPending(action, result),
                    $"{action} with result \"{result}\": the rules {(NotificationRules.Tells(action, result) ? "tell it" : "tell nothing")}, the audit log stores it {(AuditNotice.IsPending(action, result) ? "pending" : "read")}.");
            }
        }
    }

    [Fact]
    public void Device_events_are_stored_pending_exactly_when_a_rule_can_tell_them_for_every_kind_and_detail()
    {
        for (var kind = 0; kind <= byte.MaxValue; kind++)
        {
            for (var detail = 0; detail <= byte.MaxValue; detail++)
            {
                var (k, d) = ((EventKind)kind, (byte)detail);
                Assert.True(
                    NotificationRules.Tells(k, d) == DeviceEventNotice.IsPending(k, d),
                    $"{k} detail {d}: the rules {(NotificationRules.Tells(k, d) ? "tell it" : "tell nothing")}, the event is stored {(DeviceEventNotice.IsPending(k, d) ? "pending" : "read")}.");
            }
        }
    }
}
