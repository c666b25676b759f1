namespace ShareKey.KeyService.Vehicles;

/// <summary>
/// One VIN ↔ IMSI pair (R4) as reported by the T-BOX <see cref="DeviceId"/>. At most one active
/// binding per VIN and per IMSI; ended bindings stay as history.
/// </summary>
public sealed record Binding(
    long Id,
    string Vin,
    string Imsi,
    ulong DeviceId,
    DateTimeOffset BoundAt,
    DateTimeOffset? EndedAt,
    string? EndReason);
