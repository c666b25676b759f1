using ShareKey.KeyService.Keys;
using ShareKey.KeyService.Parking.Spaces;
using ShareKey.KeyService.Problems;

namespace ShareKey.KeyService.Parking.Reservations;

/// <summary>The window a renter asks for, against the space's rules: in the future, ending after it starts, no longer than the space allows, within its booking horizon.</summary>
public static class ReservationWindow
{
    public static void Check(SpaceRules rules, DateTimeOffset startsAt, DateTimeOffset endsAt, DateTimeOffset now)
    {
        // Give or take the clocks of phone and service: "now" is still a start in the future.
        if (startsAt < now - KeyManager.ClockSkew)
        {
            throw new ServiceError(ErrorCode.InvalidRequest, $"startTime: a reservation cannot start in the past ({startsAt:u}).", "startTime");
        }

        if (endsAt <= startsAt)
        {
            throw new ServiceError(ErrorCode.InvalidRequest, $"endTime: a reservation must end after it starts ({startsAt:u}).", "endTime");
        }

        if (startsAt > now + rules.BookingHorizon)
        {
            throw new ServiceError(ErrorCode.ReservationBeyondHorizon, $"This space takes bookings at most {Describe(rules.BookingHorizon)} ahead, not for {startsAt:u}.");
        }

        if (endsAt - startsAt > rules.MaxReservation)
        {
            throw new ServiceError(ErrorCode.ReservationTooLong, $"This space is reserved for at most {Describe(rules.MaxReservation)} at a time; {startsAt:u} to {endsAt:u} is longer.");
        }
    }

    public static string Describe(TimeSpan span) => span.TotalDays >= 1 && span.TotalDays == Math.Floor(span.TotalDays)
        ? $"{span.TotalDays:0} day(s)"
        : span.TotalHours >= 1 ? $"{span.TotalHours:0.##} hour(s)" : $"{span.TotalMinutes:0.##} minute(s)";
}
