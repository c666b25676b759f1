using System.Data.Common;
using ShareKey.KeyService.Storage;
using ShareKey.KeyService.Storage.Sql;

namespace ShareKey.KeyService.Parking.Reservations;

internal sealed class SqlReservationTable(SqlStoreSession session) : IReservationTable
{
    private const string Columns = "id, space_id, device_id, user_id, key_id, starts_at, ends_at, booked_at, cancel_free_until, no_show_at, state, arrived_at, ended_at";

    // Booked (1) and Arrived (2) hold the space; the exclusion constraint on PostgreSQL names the same states.
    private const string Holding = "state IN (1, 2)";

    // Windows are half open: one may end exactly when the next starts. Found from the space's bookings still to end at
    // the window's start on (reservations_space is (space_id, ends_at)), never among every booking the space ever had:
    // the start is written +starts_at so that SQLite does not take reservations_space_starts (the space's list), whose
    // range by start is every booking before the window.
    private const string Overlapping = $"space_id = @space_id AND {Holding} AND +starts_at < @ends_at AND ends_at > @starts_at";

    internal const string InsertUnlessTakenSql = $"""
        INSERT INTO reservations ({Columns})
        SELECT @id, @space_id, @device_id, @user_id, @key_id, @starts_at, @ends_at, @booked_at, @cancel_free_until, @no_show_at, @state, @arrived_at, @ended_at
        WHERE NOT EXISTS (SELECT 1 FROM reservations WHERE {Overlapping})
        """;

    internal const string HoldingSql = $"SELECT {Columns} FROM reservations WHERE {Overlapping} ORDER BY +starts_at, id";

    /// <summary>
    /// One statement inserts only when nothing overlaps. On SQLite the session holds the write lock
    /// (BEGIN IMMEDIATE), so nothing can slip in between the check and the insert. On PostgreSQL two
    /// sessions may both pass the check; the exclusion constraint then makes the later one wait for
    /// the earlier one's commit and fail, which the savepoint turns into "taken" without spoiling the session.
    /// </summary>
    public async Task<Reservation?> InsertUnlessTakenAsync(Reservation reservation, CancellationToken cancellationToken)
    {
        // A holder that was cancelled between our failed insert and the look-up leaves the window
        // free after all: try again (a handful of times; each round means another booking moved).
        for (var round = 0; round < 5; round++)
        {
            int inserted;
            try
            {
                inserted = await session.ExecuteGuardedAsync(InsertUnlessTakenSql, Arguments(reservation), cancellationToken);
            }
            catch (StoreConflictException)
            {
                // The exclusion constraint (a holder committed while we checked); the look-up below names it.
                inserted = 0;
            }

            if (inserted == 1)
            {
                return null;
            }

            if (await OverlappingAsync(reservation, cancellationToken) is { } holder)
            {
                return holder;
            }
        }

        throw new StoreConflictException($"Space {reservation.SpaceId:x16} kept changing while reservation {reservation.Id:x16} was being booked; try again.");
    }

    public Task<Reservation?> GetAsync(ulong id, bool forUpdate, CancellationToken cancellationToken) =>
        session.QuerySingleAsync(
            $"SELECT {Columns} FROM reservations WHERE id = @id{(forUpdate ? session.Dialect.ForUpdate : "")}",
            [("@id", SqlValues.Id(id))], Read, cancellationToken);

    public async Task<IReadOnlyList<Reservation>> PageAsync(ulong? spaceId, ulong? userId, ReservationState? state, Reservation? after, int limit, CancellationToken cancellationToken)
    {
        var (sql, filter) = Page(spaceId, userId, state, after);
        return await session.QueryAsync(sql, filter.Arguments(("@limit", (long)limit)), Read, cancellationToken);
    }

    /// <summary>Soonest first by (starts_at, id), which reservations_space_starts, reservations_user and reservations_starts hold.</summary>
    private static readonly SqlKeyset SoonestFirst = new("starts_at", NewestFirst: false);

    internal static (string Sql, SqlFilter Filter) Page(ulong? spaceId, ulong? userId, ReservationState? state, Reservation? after) =>
        SoonestFirst.Page(
            $"SELECT {Columns} FROM reservations",
            new SqlFilter().IdIfGiven("space_id", spaceId).IdIfGiven("user_id", userId).EqualIfGiven("state", (long?)state),
            after is null ? null : (after.StartsAt, SqlValues.Id(after.Id)));

    public async Task<IReadOnlyList<Reservation>> HoldingAsync(ulong spaceId, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken) =>
        await session.QueryAsync(
            HoldingSql,
            [("@space_id", SqlValues.Id(spaceId)), ("@starts_at", SqlValues.Time(from)), ("@ends_at", SqlValues.Time(to))],
            Read,
            cancellationToken);

    public async Task<IReadOnlyList<Reservation>> DueForArrivalAsync(DateTimeOffset now, int limit, CancellationToken cancellationToken) =>
        await session.QueryAsync(
            $"SELECT {Columns} FROM reservations WHERE state = @booked AND no_show_at <= @now AND ends_at > @now ORDER BY no_show_at, id LIMIT @limit",
            [("@booked", (long)ReservationState.Booked), ("@now", SqlValues.Time(now)), ("@limit", (long)limit)],
            Read,
            cancellationToken);

    public async Task<bool> UpdateAsync(Reservation reservation, ReservationState expected, CancellationToken cancellationToken) =>
        await session.ExecuteAsync(
            """
            UPDATE reservations SET key_id = @key_id, state = @state, arrived_at = @arrived_at, ended_at = @ended_at
            WHERE id = @id AND state = @expected
            """,
            [.. Arguments(reservation), ("@expected", (long)expected)],
            cancellationToken) == 1;

    private Task<Reservation?> OverlappingAsync(Reservation reservation, CancellationToken cancellationToken) =>
        session.QuerySingleAsync(
            HoldingSql + " LIMIT 1",
            [("@space_id", SqlValues.Id(reservation.SpaceId)), ("@starts_at", SqlValues.Time(reservation.StartsAt)), ("@ends_at", SqlValues.Time(reservation.EndsAt))],
            Read,
            cancellationToken);

    private static (string Name, object? Value)[] Arguments(Reservation r) =>
    [
        ("@id", SqlValues.Id(r.Id)),
        ("@space_id", SqlValues.Id(r.SpaceId)),
        ("@device_id", SqlValues.Id(r.DeviceId)),
        ("@user_id", SqlValues.Id(r.UserId)),
        ("@key_id", SqlValues.Id(r.KeyId)),
        ("@starts_at", SqlValues.Time(r.StartsAt)),
        ("@ends_at", SqlValues.Time(r.EndsAt)),
        ("@booked_at", SqlValues.Time(r.BookedAt)),
        ("@cancel_free_until", SqlValues.Time(r.CancelFreeUntil)),
        ("@no_show_at", SqlValues.Time(r.NoShowAt)),
        ("@state", (long)r.State),
        ("@arrived_at", SqlValues.Time(r.ArrivedAt)),
        ("@ended_at", SqlValues.Time(r.EndedAt)),
    ];

    private static Reservation Read(DbDataReader row) => new(
        row.GetId(0),
        row.GetId(1),
        row.GetId(2),
        row.GetId(3),
        row.GetId(4),
        row.GetTime(5),
        row.GetTime(6),
        row.GetTime(7),
        row.GetTime(8),
        row.GetTime(9),
        (ReservationState)row.GetInt64(10),
        row.GetTimeOrNull(11),
        row.GetTimeOrNull(12));
}
