using ShareKey.KeyService.Parking.Spaces;

namespace ShareKey.KeyService.Parking;

/// <summary>The "Parking" settings: the rules a new space gets unless its creator says otherwise, and when a silent lock's occupancy stops counting.</summary>
public sealed class ParkingOptions
{
    public TimeSpan MaxReservation { get; set; } = TimeSpan.FromHours(24);

    public TimeSpan BookingHorizon { get; set; } = TimeSpan.FromDays(30);

    public TimeSpan CancelHold { get; set; } = TimeSpan.FromMinutes(15);

    public TimeSpan Grace { get; set; } = TimeSpan.FromMinutes(10);

    public TimeSpan NoShow { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>
    /// A lock reports occupancy at least every heartbeat (firmware default 10 minutes); with no
    /// report for this long its space shows as unknown, never as free.
    /// </summary>
    public TimeSpan OccupancyStaleAfter { get; set; } = TimeSpan.FromMinutes(25);

    public SpaceRules DefaultRules => new(MaxReservation, BookingHorizon, CancelHold, Grace, NoShow);
}
