namespace ShareKey.KeyService.Vehicles;

/// <summary>
/// A BindRequest for a VIN whose active binding belongs to another T-BOX that is still reporting:
/// the binding was not moved; an operator keeps it or moves it to the claimant <see cref="DeviceId"/>.
/// </summary>
public sealed record BindingContest(
    long Id,
    string Vin,
    string Imsi,
    ulong DeviceId,
    DateTimeOffset ClaimedAt,
    DateTimeOffset? ResolvedAt,
    string? Resolution);
