namespace ShareKey.KeyService.Parking.Reservations;

public interface IReservationTable
{
    /// <summary>
    /// Inserts the reservation unless a booked or arrived reservation of the same space overlaps its
    /// window; returns null when it was inserted, else that reservation. The database decides, also
    /// between sessions running at once (PostgreSQL: an exclusion constraint; SQLite: the check runs
    /// inside the serialised write transaction), so of two overlapping bookings exactly one is stored.
    /// </summary>
    Task<Reservation?> InsertUnlessTakenAsync(Reservation reservation, CancellationToken cancellationToken);

    /// <summary>The reservation, locked for the rest of the session when <paramref name="forUpdate"/>.</summary>
    Task<Reservation?> GetAsync(ulong id, bool forUpdate, CancellationToken cancellationToken);

    /// <summary>
    /// A page of the reservations matching every filter given, soonest start first (by starts_at, then id): at most
    /// <paramref name="limit"/>, those after <paramref name="after"/> (the last reservation of the page before) if given,
    /// read in that order off reservations_space_starts for a space, reservations_user for a renter and
    /// reservations_starts for everyone's.
    /// </summary>
    Task<IReadOnlyList<Reservation>> PageAsync(ulong? spaceId, ulong? userId, ReservationState? state, Reservation? after, int limit, CancellationToken cancellationToken);

    /// <summary>The reservations holding the space (booked, arrived) whose window overlaps <paramref name="from"/>–<paramref name="to"/>, soonest first.</summary>
    Task<IReadOnlyList<Reservation>> HoldingAsync(ulong spaceId, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken);

    /// <summary>Booked reservations whose no-show time has come and whose window is not over, soonest no-show time first.</summary>
    Task<IReadOnlyList<Reservation>> DueForArrivalAsync(DateTimeOffset now, int limit, CancellationToken cancellationToken);

    /// <summary>Writes the key, state and times, only when the row is still in <paramref name="expected"/>; false otherwise.</summary>
    Task<bool> UpdateAsync(Reservation reservation, ReservationState expected, CancellationToken cancellationToken);
}
