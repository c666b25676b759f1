using ShareKey.Protocol.Messages;

namespace ShareKey.KeyService.RemoteLock;

/// <summary>
/// The newest VehicleReport a T-BOX sent (docs/protocol.md §4.15): what it read from the car and where
/// its remote lock stands. Null fields: the car's bus did not say.
/// </summary>
public sealed record VehicleState(
    ulong DeviceId,
    uint DeviceTime,
    int? StateOfCharge,
    ChargingCable Cable,
    int? SpeedKmh,
    bool? IgnitionOn,
    RemoteLockState RemoteLock,
    bool ImmobiliserEngaged,
    bool ChargeInletLocked,
    uint LockMessageId,
    DateTimeOffset ReceivedAt)
{
    public static VehicleState Of(ulong deviceId, VehicleReportMessage report, DateTimeOffset receivedAt) => new(
        deviceId,
        report.DeviceTime,
        report.StateOfCharge == VehicleReportMessage.Unknown ? null : report.StateOfCharge,
        report.Cable,
        report.SpeedKmh == VehicleReportMessage.UnknownSpeed ? null : report.SpeedKmh,
        report.Ignition == VehicleReportMessage.Unknown ? null : report.Ignition == 1,
        report.RemoteLock,
        (report.Outputs & VehicleReportMessage.ImmobiliserFlag) != 0,
        (report.Outputs & VehicleReportMessage.InletLockFlag) != 0,
        report.LockMessageId,
        receivedAt);
}
