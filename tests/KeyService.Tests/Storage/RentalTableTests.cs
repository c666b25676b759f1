using ShareKey.KeyService.Keys;
using ShareKey.KeyService.Rentals;

namespace ShareKey.KeyService.Tests.Storage;

public abstract class RentalTableTests(StoreFixture fixture) : StoreTests(fixture)
{
    private async Task<(ulong Device, ulong User, ulong Key)> AddRentableAsync()
    {
        var device = await AddDeviceAsync();
        var user = await AddUserAsync();
        var key = Sample.Key(device.Id, user.Id);
        await CommitAsync(s => s.Keys.InsertAsync(key, Ct));
        return (device.Id, user.Id, key.Id);
    }

    [Fact]
    public async Task A_rental_reads_back_and_is_the_devices_active_one_until_returned()
    {
        var (device, user, key) = await AddRentableAsync();
        var rental = Sample.Rental(device, user, key);

        var id = await CommitAsync(s => s.Rentals.InsertAsync(rental, Ct));

        AssertSame(rental with { Id = id }, await ReadAsync(s => s.Rentals.GetAsync(id, Ct)));
        AssertSame(rental with { Id = id }, await ReadAsync(s => s.Rentals.ActiveForDeviceAsync(device, Ct)));
        Assert.Null(await ReadAsync(s => s.Rentals.GetAsync(id + 1_000_000, Ct)));

        var returned = rental with { Id = id, State = RentalState.Returned, ReturnedAt = Sample.At(500), RotationId = long.MaxValue, EndsAt = Sample.At(400) };
        Assert.True(await CommitAsync(s => s.Rentals.UpdateAsync(returned, Ct)));
        Assert.False(await CommitAsync(s => s.Rentals.UpdateAsync(returned with { Id = id + 1_000_000 }, Ct)));

        AssertSame(returned, await ReadAsync(s => s.Rentals.GetAsync(id, Ct)));
        Assert.Null(await ReadAsync(s => s.Rentals.ActiveForDeviceAsync(device, Ct)));
    }

    [Fact]
    public async Task A_users_active_rentals_are_its_rentals_under_way_newest_first()
    {
        var (device, user, key) = await AddRentableAsync();
        var (otherDevice, otherUser, otherKey) = await AddRentableAsync();
        await CommitAsync(s => s.Rentals.InsertAsync(Sample.Rental(device, user, key) with { StartsAt = Sample.At(1), State = RentalState.Returned }, Ct));
        var older = await CommitAsync(s => s.Rentals.InsertAsync(Sample.Rental(device, user, key) with { StartsAt = Sample.At(2) }, Ct));
        var newer = await CommitAsync(s => s.Rentals.InsertAsync(Sample.Rental(otherDevice, user, key) with { StartsAt = Sample.At(3) }, Ct));
        await CommitAsync(s => s.Rentals.InsertAsync(Sample.Rental(otherDevice, otherUser, otherKey) with { StartsAt = Sample.At(4) }, Ct));

        Assert.Equal([newer, older], (await ReadAsync(s => s.Rentals.ActiveOfUserAsync(user, Ct))).Select(r => r.Id));
    }

    [Fact]
    public async Task Rentals_page_newest_first_by_user_and_state_and_go_on_after_the_last_rental_of_a_page()
    {
        var (device, user, key) = await AddRentableAsync();
        var (_, otherUser, otherKey) = await AddRentableAsync();
        Rental[] rentals =
        [
            Sample.Rental(device, user, key) with { StartsAt = Sample.At(1), State = RentalState.Returned },
            Sample.Rental(device, user, key) with { StartsAt = Sample.At(2), State = RentalState.Returned },
            // Two rentals starting in the same millisecond: the id orders them.
            Sample.Rental(device, user, key) with { StartsAt = Sample.At(3) },
            Sample.Rental(device, otherUser, otherKey) with { StartsAt = Sample.At(3) },
            Sample.Rental(device, user, key) with { StartsAt = Sample.At(2.5) },
        ];
        var stored = new List<Rental>();
        foreach (var rental in rentals)
        {
            stored.Add(rental with { Id = await CommitAsync(s => s.Rentals.InsertAsync(rental, Ct)) });
        }

        long[] Expected(Func<Rental, bool> listed) =>
            [.. stored.Where(listed).OrderByDescending(r => r.StartsAt).ThenByDescending(r => r.Id).Select(r => r.Id)];

        async Task<long[]> Pages(ulong? userId, RentalState? state, int limit)
        {
            var ids = new List<long>();
            Rental? before = null;
            while (true)
            {
                var page = await ReadAsync(s => s.Rentals.PageAsync(userId, state, before, limit, Ct));
                Assert.InRange(page.Count, 0, limit);
                ids.AddRange(page.Select(r => r.Id));
                if (page.Count < limit)
                {
                    return [.. ids];
                }

                before = page[^1];
            }
        }

        Assert.Equal(Expected(r => r.UserId == user), await Pages(user, null, 1));
        Assert.Equal(Expected(r => r.UserId == user), await Pages(user, null, 3));
        Assert.Equal(Expected(r => r.UserId == user && r.State == RentalState.Returned), await Pages(user, RentalState.Returned, 1));
        // Every rental of the store, other tests' too: ours among them in order.
        Assert.Equal(Expected(_ => true), (await Pages(null, null, 2)).Intersect(stored.Select(r => r.Id)));
        var tied = Expected(r => r.StartsAt == Sample.At(3));
        Assert.Equal([tied[1]], (await ReadAsync(s => s.Rentals.PageAsync(null, RentalState.Active, stored.Single(r => r.Id == tied[0]), 1, Ct))).Select(r => r.Id));
    }
}

public sealed class SqliteRentalTableTests(SqliteStoreFixture fixture) : RentalTableTests(fixture), IClassFixture<SqliteStoreFixture>;

public sealed class PostgresRentalTableTests(PostgresStoreFixture fixture) : RentalTableTests(fixture), IClassFixture<PostgresStoreFixture>;
