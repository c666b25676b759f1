namespace ShareKey.KeyService.Rentals;

/// <summary>The rental policy, bound from the "ShareKey:Rentals" configuration section.</summary>
public sealed class RentalPolicyOptions
{
    /// <summary>The longest a rental may last.</summary>
    public TimeSpan MaxLength { get; set; } = TimeSpan.FromDays(7);

    /// <summary>How far ahead a rental may start (booking horizon).</summary>
    public TimeSpan BookingHorizon { get; set; } = TimeSpan.FromDays(30);

    /// <summary>Active rentals one user may hold at once.</summary>
    public int MaxActivePerUser { get; set; } = 1;

    /// <summary>How long past the rental's end the renter's key still opens (to return the car a little late).</summary>
    public TimeSpan KeyGrace { get; set; } = TimeSpan.FromMinutes(15);
}
