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
    public async Task Rentals_list_by_user_device_and_state_newest_first()
    {
        var (device, user, key) = await AddRentableAsync();
        var (otherDevice, otherUser, otherKey) = await AddRentableAsync();
        var older = await CommitAsync(s => s.Rentals.InsertAsync(Sample.Rental(device, user, key) with { StartsAt = Sample.At(1), State = RentalState.Returned }, Ct));
        var newer = await CommitAsync(s => s.Rentals.InsertAsync(Sample.Rental(device, otherUser, otherKey) with { StartsAt = Sample.At(2) }, Ct));
        var elsewhere = await CommitAsync(s => s.Rentals.InsertAsync(Sample.Rental(otherDevice, user, key) with { StartsAt = Sample.At(3) }, Ct));

        async Task<long[]> List(ulong? userId, ulong? deviceId, RentalState? state) =>
            [.. (await ReadAsync(s => s.Rentals.ListAsync(userId, deviceId, state, Ct))).Select(r => r.Id)];

        Assert.Equal([newer, older], await List(null, device, null));
        Assert.Equal([elsewhere, older], await List(user, null, null));
        Assert.Equal([older], await List(user, device, RentalState.Returned));
        Assert.Equal([newer], await List(null, device, RentalState.Active));
    }
}

public sealed class SqliteRentalTableTests(SqliteStoreFixture fixture) : RentalTableTests(fixture), IClassFixture<SqliteStoreFixture>;

public sealed class PostgresRentalTableTests(PostgresStoreFixture fixture) : RentalTableTests(fixture), IClassFixture<PostgresStoreFixture>;
