using ShareKey.KeyService.Devices;
using ShareKey.KeyService.Keys;
using ShareKey.KeyService.Rotation;

namespace ShareKey.KeyService.Provisioning;

/// <summary>
/// Compares a device's own KeyReport with the cloud's records (R1.4, R1.5) and says, line by line,
/// where they differ and what the service does about it.
/// </summary>
public static class KeyDrift
{
    public static IReadOnlyList<string> Compare(Device device, RotationRecord? openRotation, DeviceKeyReport? report, IReadOnlyList<VirtualKey> keys)
    {
        var drift = new List<string>();
        if (report is null)
        {
            drift.Add("the device has not sent a KeyReport yet");
            return drift;
        }

        if (report.ActiveEpoch != device.Epoch)
        {
            drift.Add(openRotation is not null && report.ActiveEpoch == openRotation.ToEpoch
                ? $"the device runs epoch {report.ActiveEpoch}; its ack is not processed yet (rotation {openRotation.Id} {openRotation.State})"
                : $"the device runs epoch {report.ActiveEpoch}, the cloud's confirmed epoch is {device.Epoch}");
        }

        if (report.BackupEpoch != 0 && openRotation is null && report.ActiveEpoch == device.Epoch)
        {
            drift.Add($"the device still holds backup epoch {report.BackupEpoch}; the Commit is sent again");
        }

        if (report.BulletinSequence < device.BulletinSequence)
        {
            drift.Add($"the device applied bulletin {report.BulletinSequence}, the cloud issued {device.BulletinSequence}; the newest is sent again");
        }
        else if (report.BulletinSequence > device.BulletinSequence)
        {
            drift.Add($"the device reports bulletin {report.BulletinSequence}, newer than the cloud's {device.BulletinSequence}");
        }

        var byId = keys.ToDictionary(key => key.Id);
        foreach (var use in report.Uses)
        {
            if (!byId.TryGetValue(use.KeyId, out var key))
            {
                drift.Add($"the device counts {use.Uses} uses of key {use.KeyId:x16}, which the cloud does not know");
            }
            else if (key.MaxUses != 0 && use.Uses > key.MaxUses)
            {
                drift.Add($"key {key.Id:x16} was used {use.Uses} times, over its limit of {key.MaxUses}");
            }
        }

        foreach (var key in keys.Where(key => KeyAuthority.IsLive(key) && key.Epoch != report.ActiveEpoch && key.Epoch != report.BackupEpoch))
        {
            drift.Add($"key {key.Id:x16} is under epoch {key.Epoch}, which the device does not hold");
        }

        return drift;
    }
}
