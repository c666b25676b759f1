using ShareKey.KeyService.Api;

namespace ShareKey.KeyService.Parking.Spaces;

/// <summary>A space's rules in whole minutes; in a request each one left out keeps its value (the service's default for a new space).</summary>
public sealed record SpaceRulesDto(int? MaxReservationMinutes, int? BookingHorizonMinutes, int? CancelHoldMinutes, int? GraceMinutes, int? NoShowMinutes)
{
    public static SpaceRulesDto Of(SpaceRules r) => new(
        (int)r.MaxReservation.TotalMinutes, (int)r.BookingHorizon.TotalMinutes, (int)r.CancelHold.TotalMinutes, (int)r.Grace.TotalMinutes, (int)r.NoShow.TotalMinutes);

    public SpaceRules Over(SpaceRules current) =>
        SpaceRulesCheck.Merge(current, MaxReservationMinutes, BookingHorizonMinutes, CancelHoldMinutes, GraceMinutes, NoShowMinutes);
}

/// <summary>
/// A space (APDS "Space", type space): <see cref="SpaceId"/> is its label in the garage, detection
/// is by the lock's own sensor (APDS spaceSensor); managers are the holders of the lock's owner keys.
/// </summary>
public sealed record SpaceDto(string Id, string Type, string GarageId, string SpaceId, int Level, string LockId, string Detection, IReadOnlyList<string> Managers, SpaceRulesDto Rules, DateTimeOffset CreatedAt)
{
    public static SpaceDto Of(ParkingSpace s, IReadOnlyList<ulong> managers) => new(
        Ids.Format(s.Id), "space", Ids.Format(s.GarageId), s.SpaceId, s.Level, Ids.Format(s.DeviceId), "spaceSensor", managers.Select(Ids.Format).ToList(), SpaceRulesDto.Of(s.Rules), s.CreatedAt);
}
