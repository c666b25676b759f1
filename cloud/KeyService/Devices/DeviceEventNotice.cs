using ShareKey.Protocol.Messages;

namespace ShareKey.KeyService.Devices;

/// <summary>
/// Which device events the notification pipeline reads: an event is stored pending only when it can
/// become a notification, every other one (a RemoteLock's steps, which reach people through the
/// audit log; an unchanged occupancy's heartbeat) as read already, so the pipeline neither reads
/// nor marks it. The rules that decide this are Notifications/NotificationRules.cs, above this
/// folder, which this one never names; this is their mirror, and NotificationRulesMirrorTests
/// holds it to their table for every kind and detail.
/// </summary>
public static class DeviceEventNotice
{
    public static bool IsPending(EventKind kind, byte detail) => kind switch
    {
        EventKind.Unlocked or EventKind.Locked or EventKind.Started or EventKind.Refused or EventKind.LockedOut
            or EventKind.AutoRaised or EventKind.Obstructed or EventKind.MotorFault or EventKind.Tampered
            or EventKind.LowBattery or EventKind.StateOfCharge => true,
        // Detail 1 is the lock's periodic heartbeat of an unchanged occupancy.
        EventKind.Occupancy => detail == 0,
        _ => false,
    };
}
