namespace ShareKey.KeyService.Rotation;

/// <summary>
/// One epoch change of one device (R0), persisted so it survives any crash. While it is not
/// <see cref="RotationState.Confirmed"/> the device row keeps serving <see cref="FromEpoch"/>, the
/// backup (R0.4); <see cref="BackupKeySealed"/> is that backup, dropped once the ack is verified.
/// </summary>
public sealed record RotationRecord(
    long Id,
    ulong DeviceId,
    RotationCause Cause,
    long? RentalId,
    uint FromEpoch,
    byte[]? BackupKeySealed,
    uint ToEpoch,
    byte[] NewKeySealed,
    ulong[] RevokedKeyIds,
    RotationState State,
    long? OutboxId,
    int Redrives,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    DateTimeOffset? ConfirmedAt,
    DateTimeOffset? RedriveAt,
    string? LastError);

public enum RotationCause
{
    /// <summary>The first epoch of a newly provisioned device.</summary>
    Provision = 1,

    /// <summary>A renter returned the car (R0.1).</summary>
    Return = 2,

    /// <summary>An operator asked for it.</summary>
    Operator = 3,
}

public enum RotationState
{
    /// <summary>Rotate is in the outbox; waiting for an ack that proves the device holds the new key.</summary>
    Sending = 1,

    /// <summary>The proof checked out: the new epoch is current, Commit sent, backup dropped.</summary>
    Confirmed = 2,

    /// <summary>Every retry went unanswered: the device is served from the backup; re-driven at <see cref="RotationRecord.RedriveAt"/>.</summary>
    GaveUp = 3,

    /// <summary>The device refused the new key (bad wrap, older epoch): served from the backup until an operator acts.</summary>
    Failed = 4,
}
