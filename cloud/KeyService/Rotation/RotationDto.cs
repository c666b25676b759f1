using ShareKey.Protocol.Buffers;

namespace ShareKey.KeyService.Rotation;

public sealed record RotationDto(
    long Id, string DeviceId, RotationCause Cause, long? RentalId, uint FromEpoch, uint ToEpoch, string[] RevokedKeyIds, RotationState State,
    bool BackupHeld, int Redrives, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, DateTimeOffset? ConfirmedAt, DateTimeOffset? RedriveAt, string? LastError)
{
    public static RotationDto Of(RotationRecord r) => new(
        r.Id, Hex.OfId(r.DeviceId), r.Cause, r.RentalId, r.FromEpoch, r.ToEpoch, r.RevokedKeyIds.Select(Hex.OfId).ToArray(), r.State,
        r.BackupKeySealed is not null, r.Redrives, r.CreatedAt, r.UpdatedAt, r.ConfirmedAt, r.RedriveAt, r.LastError);
}
