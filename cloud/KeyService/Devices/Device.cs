namespace ShareKey.KeyService.Devices;

/// <summary>
/// A provisioned board. Keys are stored sealed (AES-GCM under the service's master key).
/// <see cref="Epoch"/> is the newest epoch the device has <em>confirmed</em> holding (0 before its
/// first rotation is acknowledged); keys are only ever issued under it. <see cref="Rentable"/>: an
/// operator listed the vehicle for rent (fleet), so users may start rentals of it.
/// </summary>
public sealed record Device(
    ulong Id,
    DeviceKind Kind,
    string Name,
    DeviceState State,
    byte[] RootKeySealed,
    uint Epoch,
    byte[]? EpochKeySealed,
    uint LastDownMessageId,
    uint BulletinSequence,
    DateTimeOffset CreatedAt,
    DateTimeOffset? LastSeenAt,
    DateTimeOffset? DecommissionedAt,
    bool Rentable = false);

public enum DeviceKind
{
    [System.Text.Json.Serialization.JsonStringEnumMemberName("tbox")]
    TBox = 1,
    ParkingLock = 2,
}

public enum DeviceState
{
    Active = 1,

    /// <summary>Taken out of service: no keys, no messages; kept for the audit trail.</summary>
    Decommissioned = 2,
}
