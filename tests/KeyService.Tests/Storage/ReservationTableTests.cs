using ShareKey.KeyService.Devices;
using ShareKey.KeyService.Keys;
using ShareKey.KeyService.Parking.Garages;
using ShareKey.KeyService.Parking.Reservations;
using ShareKey.KeyService.Parking.Spaces;
using ShareKey.KeyService.Storage;

namespace ShareKey.KeyService.Tests.Storage;

/// <summary>
/// Reservations hold a space for a window; the store lets no two that hold one space overlap, also
/// when many sessions book at once (PostgreSQL's exclusion constraint, SQLite's serialised check).
/// </summary>
public abstract class ReservationTableTests(StoreFixture fixture) : StoreTests(fixture)
{
    [Fact]
    public async Task A_reservation_reads_back_and_changes_only_from_the_state_it_is_in()
    {
        var booking = await AddSpaceAsync();
        var reservation = booking.Reservation(10, 3_600);

        Assert.Null(await CommitAsync(s => s.Reservations.InsertUnlessTakenAsync(reservation, Ct)));

        AssertSame(reservation, await ReadAsync(s => s.Reservations.GetAsync(reservation.Id, forUpdate: false, Ct)));
        Assert.Null(await ReadAsync(s => s.Reservations.GetAsync(Sample.Id(), forUpdate: true, Ct)));

        var arrived = reservation with { State = ReservationState.Arrived, ArrivedAt = Sample.At(20) };
        Assert.False(await CommitAsync(s => s.Reservations.UpdateAsync(arrived, ReservationState.Cancelled, Ct)));
        Assert.True(await CommitAsync(s => s.Reservations.UpdateAsync(arrived, ReservationState.Booked, Ct)));
        AssertSame(arrived, await ReadAsync(s => s.Reservations.GetAsync(reservation.Id, forUpdate: true, Ct)));
    }

    [Fact]
    public async Task An_overlapping_window_is_refused_with_the_holder_while_touching_windows_and_other_spaces_are_not()
    {
        var booking = await AddSpaceAsync();
        var other = await AddSpaceAsync();
        var first = booking.Reservation(1_000, 2_000);
        await CommitAsync(s => s.Reservations.InsertUnlessTakenAsync(first, Ct));

        foreach (var (from, to) in new[] { (1_000.0, 2_000.0), (500.0, 1_001.0), (1_999.0, 3_000.0), (1_200.0, 1_300.0), (0.0, 5_000.0) })
        {
            var holder = await CommitAsync(s => s.Reservations.InsertUnlessTakenAsync(booking.Reservation(from, to), Ct));
            Assert.Equal(first.Id, holder?.Id);
        }

        Assert.Null(await CommitAsync(s => s.Reservations.InsertUnlessTakenAsync(booking.Reservation(2_000, 2_500), Ct)));
        Assert.Null(await CommitAsync(s => s.Reservations.InsertUnlessTakenAsync(booking.Reservation(400, 1_000), Ct)));
        Assert.Null(await CommitAsync(s => s.Reservations.InsertUnlessTakenAsync(other.Reservation(1_000, 2_000), Ct)));
    }

    [Fact]
    public async Task A_cancelled_or_released_reservation_frees_its_window_an_arrived_one_does_not()
    {
        var booking = await AddSpaceAsync();
        var cancelled = booking.Reservation(1_000, 2_000);
        var arrived = booking.Reservation(5_000, 6_000);
        await CommitAsync(s => s.Reservations.InsertUnlessTakenAsync(cancelled, Ct));
        await CommitAsync(s => s.Reservations.InsertUnlessTakenAsync(arrived, Ct));
        await CommitAsync(s => s.Reservations.UpdateAsync(cancelled with { State = ReservationState.Cancelled, EndedAt = Sample.At(30) }, ReservationState.Booked, Ct));
        await CommitAsync(s => s.Reservations.UpdateAsync(arrived with { State = ReservationState.Arrived, ArrivedAt = Sample.At(5_001) }, ReservationState.Booked, Ct));

        var again = booking.Reservation(1_500, 2_500);
        Assert.Null(await CommitAsync(s => s.Reservations.InsertUnlessTakenAsync(again, Ct)));
        Assert.Equal(arrived.Id, (await CommitAsync(s => s.Reservations.InsertUnlessTakenAsync(booking.Reservation(5_500, 7_000), Ct)))?.Id);

        await CommitAsync(s => s.Reservations.UpdateAsync(again with { State = ReservationState.Released, EndedAt = Sample.At(40) }, ReservationState.Booked, Ct));
        Assert.Null(await CommitAsync(s => s.Reservations.InsertUnlessTakenAsync(booking.Reservation(1_500, 2_500), Ct)));
    }

    [Fact]
    public async Task Of_120_sessions_booking_overlapping_windows_at_once_exactly_one_wins()
    {
        var booking = await AddSpaceAsync();
        var contenders = Enumerable.Range(0, 120).Select(i => booking.Reservation(1_000 + i, 4_000 + i)).ToList();
        var go = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        var racing = contenders.Select(reservation => Task.Run(async () =>
        {
            await go.Task;
            await using var session = await Store.BeginAsync(Ct);
            var holder = await session.Reservations.InsertUnlessTakenAsync(reservation, Ct);
            // What a booking does next in its transaction: write the key (here: the row again).
            if (holder is null)
            {
                await session.Reservations.UpdateAsync(reservation, ReservationState.Booked, Ct);
            }

            await session.CommitAsync(Ct);
            return (reservation, holder);
        })).ToList();
        go.SetResult();
        var outcomes = await Task.WhenAll(racing);

        var winners = outcomes.Where(o => o.holder is null).Select(o => o.reservation).ToList();
        var winner = Assert.Single(winners);
        Assert.All(outcomes.Where(o => o.holder is not null), o => AssertSame(winner, o.holder));
        Assert.Equal([winner.Id], (await ReadAsync(s => s.Reservations.PageAsync(booking.Space.Id, null, null, null, 1000, Ct))).Select(r => r.Id));
    }

    [Fact]
    public async Task Windows_next_to_each_other_booked_at_once_all_win()
    {
        var booking = await AddSpaceAsync();
        var slots = Enumerable.Range(0, 40).Select(i => booking.Reservation(1_000 + (i * 100), 1_100 + (i * 100))).ToList();

        var holders = await Task.WhenAll(slots.Select(slot => Task.Run(() => CommitAsync(s => s.Reservations.InsertUnlessTakenAsync(slot, Ct)))));

        Assert.All(holders, Assert.Null);
        Assert.Equal(slots.Select(s => s.Id), (await ReadAsync(s => s.Reservations.PageAsync(booking.Space.Id, null, ReservationState.Booked, null, 1000, Ct))).Select(r => r.Id));
    }

    [Fact]
    public async Task Lists_filter_by_space_user_and_state_and_no_shows_come_due_by_their_time()
    {
        var booking = await AddSpaceAsync();
        var other = await AddSpaceAsync();
        var late = booking.Reservation(5_000, 6_000) with { NoShowAt = Sample.At(5_100) };
        var early = booking.Reservation(1_000, 2_000) with { NoShowAt = Sample.At(1_100) };
        var elsewhere = other.Reservation(1_000, 2_000) with { UserId = booking.UserId, NoShowAt = Sample.At(1_200), State = ReservationState.Arrived };
        foreach (var reservation in new[] { late, early, elsewhere })
        {
            await CommitAsync(s => s.Reservations.InsertUnlessTakenAsync(reservation, Ct));
        }

        async Task<ulong[]> List(ulong? space, ulong? user, ReservationState? state) =>
            [.. (await ReadAsync(s => s.Reservations.PageAsync(space, user, state, null, 1000, Ct))).Select(r => r.Id)];

        Assert.Equal([early.Id, late.Id], await List(booking.Space.Id, null, null));
        Assert.Equal(new[] { early.Id, elsewhere.Id, late.Id }.Order(), (await List(null, booking.UserId, null)).Order());
        Assert.Equal([elsewhere.Id], await List(null, booking.UserId, ReservationState.Arrived));

        // A page goes on after its last reservation, of two starting at the same time too (the id orders them, signed).
        var tied = other.Reservation(5_000, 5_500) with { UserId = booking.UserId };
        await CommitAsync(s => s.Reservations.InsertUnlessTakenAsync(tied, Ct));
        ulong[] mine = [.. new[] { early, elsewhere, late, tied }.OrderBy(r => r.StartsAt).ThenBy(r => unchecked((long)r.Id)).Select(r => r.Id)];
        var paged = new List<ulong>();
        Reservation? after = null;
        while (await ReadAsync(s => s.Reservations.PageAsync(null, booking.UserId, null, after, 1, Ct)) is [var next])
        {
            paged.Add(next.Id);
            after = next;
        }

        Assert.Equal(mine, paged);

        async Task<ulong[]> Due(double at) =>
            [.. (await ReadAsync(s => s.Reservations.DueForArrivalAsync(Sample.At(at), 10, Ct))).Where(r => r.SpaceId == booking.Space.Id || r.SpaceId == other.Space.Id).Select(r => r.Id)];

        Assert.Empty(await Due(1_099));
        Assert.Equal([early.Id], await Due(1_500));
        Assert.Equal([late.Id], await Due(5_500));
        Assert.Empty(await Due(6_000));
    }

    private async Task<Booking> AddSpaceAsync()
    {
        var device = Sample.Device(DeviceKind.ParkingLock);
        var user = await AddUserAsync();
        var garage = new Garage(Sample.Id(), Sample.Name("garage"), "Europe/Berlin", new GarageAddress("DE", "Berlin", "10115", ["Invalidenstr. 1"]), [new GarageFloor(0, "Ground")], null, Sample.At(1));
        var rules = new SpaceRules(TimeSpan.FromHours(8), TimeSpan.FromDays(30), TimeSpan.FromMinutes(15), TimeSpan.FromMinutes(10), TimeSpan.FromMinutes(30));
        var space = new ParkingSpace(Sample.Id(), garage.Id, "B1-07", 0, device.Id, rules, Sample.At(2));
        var key = Sample.Key(device.Id, user.Id);
        await CommitAsync(async s =>
        {
            await s.Devices.InsertAsync(device, Ct);
            await s.Garages.InsertAsync(garage, Ct);
            await s.Spaces.InsertAsync(space, Ct);
            await s.Keys.InsertAsync(key, Ct);
        });
        return new Booking(space, user.Id, key.Id);
    }

    private sealed record Booking(ParkingSpace Space, ulong UserId, ulong KeyId)
    {
        public Reservation Reservation(double from, double to) => new(
            Sample.Id(), Space.Id, Space.DeviceId, UserId, KeyId, Sample.At(from), Sample.At(to), Sample.At(5), Sample.At(5 + 900), Sample.At(from + 1_800),
            ReservationState.Booked, null, null);
    }
}

public sealed class SqliteReservationTableTests(SqliteStoreFixture fixture) : ReservationTableTests(fixture), IClassFixture<SqliteStoreFixture>;

public sealed class PostgresReservationTableTests(PostgresStoreFixture fixture) : ReservationTableTests(fixture), IClassFixture<PostgresStoreFixture>
{
    private const string Insert = "INSERT INTO reservations (id, space_id, device_id, user_id, key_id, starts_at, ends_at, booked_at, cancel_free_until, no_show_at, state) VALUES ";

    /// <summary>Not our check but the database's: rows written past the store, by hand, are refused too.</summary>
    [Fact]
    public async Task The_exclusion_constraint_refuses_an_overlapping_row_written_by_hand()
    {
        var database = await Fixture.CreateDatabaseAsync();
        await using var store = Fixture.Open(database);
        await store.MigrateAsync(Ct);
        // Space 7 from 1000 to 2000 and 2000 to 3000 (touching), and a cancelled (3) one across both.
        var held = $"{Insert} (1, 7, 7, 7, 7, 1000, 2000, 0, 0, 0, 1), (2, 7, 7, 7, 7, 2000, 3000, 0, 0, 0, 1), (3, 7, 7, 7, 7, 1500, 2500, 0, 0, 0, 3);";

        // The foreign keys (no space 7) would fail at commit; the exclusion constraint fails the statement itself, before that.
        var overlapping = await Assert.ThrowsAsync<Npgsql.PostgresException>(() => Fixture.ExecuteRawAsync(database, $"BEGIN; {held} {Insert} (4, 7, 7, 7, 7, 1999, 2001, 0, 0, 0, 2); COMMIT;"));
        var touching = await Assert.ThrowsAsync<Npgsql.PostgresException>(() => Fixture.ExecuteRawAsync(database, $"BEGIN; {held} COMMIT;"));

        Assert.Equal((Npgsql.PostgresErrorCodes.ExclusionViolation, "reservations_no_overlap"), (overlapping.SqlState, overlapping.ConstraintName));
        Assert.Equal(Npgsql.PostgresErrorCodes.ForeignKeyViolation, touching.SqlState);
    }
}
