using ShareKey.KeyService.Parking.Spaces;
using ShareKey.KeyService.Problems;
using ShareKey.KeyService.Storage;

namespace ShareKey.KeyService.Parking.Reservations;

/// <summary>
/// When a space is free to reserve, for anyone signed in (a renter choosing a window): the windows
/// that hold it and the gaps between them over a span — times only. Whose a reservation is stays
/// with the renter, the space's managers and operators (<see cref="ReservationService"/>).
/// </summary>
public sealed class AvailabilityService(IKeyStore store, TimeProvider time)
{
    public static readonly TimeSpan DefaultSpan = TimeSpan.FromDays(1);
    public static readonly TimeSpan LongestSpan = TimeSpan.FromDays(31);

    /// <summary>From <paramref name="from"/> (default now) to <paramref name="to"/> (default a day later), at most <see cref="LongestSpan"/>.</summary>
    public async Task<SpaceAvailability> SpaceAsync(ulong spaceId, DateTimeOffset? from, DateTimeOffset? to, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var start = from ?? now;
        var end = to ?? start + DefaultSpan;
        if (end <= start)
        {
            throw new ServiceError(ErrorCode.InvalidRequest, $"to: must be after from ({start:u}).", "to");
        }

        if (end - start > LongestSpan)
        {
            throw new ServiceError(ErrorCode.InvalidRequest, $"to: at most {LongestSpan.TotalDays:0} days after from ({start:u}).", "to");
        }

        await using var session = await store.BeginReadAsync(cancellationToken);
        var space = await SpaceService.RequireAsync(session, spaceId, cancellationToken);
        var holding = await session.Reservations.HoldingAsync(space.Id, start, end, cancellationToken);
        var free = new List<PlannedWindow>();
        var cursor = start;
        foreach (var reservation in holding)
        {
            if (reservation.StartsAt > cursor)
            {
                free.Add(new PlannedWindow(cursor, reservation.StartsAt));
            }

            cursor = reservation.EndsAt > cursor ? reservation.EndsAt : cursor;
        }

        if (cursor < end)
        {
            free.Add(new PlannedWindow(cursor, end));
        }

        return new SpaceAvailability(space, start, end, now + space.Rules.BookingHorizon, free, holding.Select(r => new PlannedWindow(r.StartsAt, r.EndsAt)).ToList());
    }
}

/// <summary>A space's free windows (clipped to the span) and the windows that hold it (whole), soonest first; a window may start no later than <c>BookableUntil</c>.</summary>
public sealed record SpaceAvailability(ParkingSpace Space, DateTimeOffset From, DateTimeOffset To, DateTimeOffset BookableUntil, IReadOnlyList<PlannedWindow> Free, IReadOnlyList<PlannedWindow> Taken);
