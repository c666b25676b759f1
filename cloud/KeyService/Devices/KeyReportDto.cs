
namespace ShareKey.KeyService.Devices;

public sealed record KeyReportDto(uint ActiveEpoch, uint BackupEpoch, uint BulletinSequence, uint DeviceTime, DateTimeOffset ReceivedAt)
{
    public static KeyReportDto? Of(DeviceKeyReport? r) => r is null ? null : new(r.ActiveEpoch, r.BackupEpoch, r.BulletinSequence, r.DeviceTime, r.ReceivedAt);
}
