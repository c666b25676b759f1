using ShareKey.KeyService.Problems;

namespace ShareKey.KeyService.Parking.Spaces;

/// <summary>Bounds a space's rules must keep (in minutes on the wire), and the rules from what a caller gave over the defaults.</summary>
public static class SpaceRulesCheck
{
    public static readonly TimeSpan LongestReservation = TimeSpan.FromDays(31);
    public static readonly TimeSpan LongestHorizon = TimeSpan.FromDays(366);
    public static readonly TimeSpan LongestHold = TimeSpan.FromDays(7);
    public static readonly TimeSpan LongestGrace = TimeSpan.FromHours(4);

    /// <summary>The defaults with each given value (minutes) put in, checked.</summary>
    public static SpaceRules Merge(SpaceRules defaults, int? maxReservationMinutes, int? bookingHorizonMinutes, int? cancelHoldMinutes, int? graceMinutes, int? noShowMinutes)
    {
        var rules = new SpaceRules(
            Minutes(maxReservationMinutes) ?? defaults.MaxReservation,
            Minutes(bookingHorizonMinutes) ?? defaults.BookingHorizon,
            Minutes(cancelHoldMinutes) ?? defaults.CancelHold,
            Minutes(graceMinutes) ?? defaults.Grace,
            Minutes(noShowMinutes) ?? defaults.NoShow);
        Check(rules);
        return rules;
    }

    public static void Check(SpaceRules rules)
    {
        Within("maxReservationMinutes", rules.MaxReservation, TimeSpan.FromMinutes(1), LongestReservation);
        Within("bookingHorizonMinutes", rules.BookingHorizon, TimeSpan.Zero, LongestHorizon);
        Within("cancelHoldMinutes", rules.CancelHold, TimeSpan.Zero, LongestHold);
        Within("graceMinutes", rules.Grace, TimeSpan.Zero, LongestGrace);
        Within("noShowMinutes", rules.NoShow, TimeSpan.FromMinutes(1), rules.MaxReservation);
    }

    private static TimeSpan? Minutes(int? minutes) => minutes is { } m ? TimeSpan.FromMinutes(m) : null;

    private static void Within(string field, TimeSpan value, TimeSpan least, TimeSpan most)
    {
        if (value < least || value > most)
        {
            throw new ServiceError(ErrorCode.InvalidRequest, $"{field}: {value.TotalMinutes:0} is outside {least.TotalMinutes:0}..{most.TotalMinutes:0} minutes.", field);
        }
    }
}
