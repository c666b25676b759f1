namespace ShareKey.KeyService.Parking.Reservations;

/// <summary>The "Reservations" settings; the rules of each booking come from its space (<see cref="Spaces.SpaceRules"/>).</summary>
public sealed class ReservationOptions
{
    /// <summary>
    /// How many times the renter's key opens or closes the lock in one reservation, counted by the
    /// lock itself: arriving, leaving and coming back a few times, not a day of lending it around.
    /// </summary>
    public ushort KeyMaxUses { get; set; } = 10;

    /// <summary>How often the service looks for reservations past their no-show time.</summary>
    public TimeSpan NoShowScanInterval { get; set; } = TimeSpan.FromSeconds(30);
}
