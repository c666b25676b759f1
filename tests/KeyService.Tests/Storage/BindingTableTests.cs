using ShareKey.KeyService.Storage;
using ShareKey.KeyService.Vehicles;

namespace ShareKey.KeyService.Tests.Storage;

public abstract class BindingTableTests(StoreFixture fixture) : StoreTests(fixture)
{
    private static string Vin() => Sample.Name("VIN")[..17];

    [Fact]
    public async Task An_active_binding_is_found_by_vin_imsi_and_device()
    {
        var device = await AddDeviceAsync();
        var (vin, imsi) = (Vin(), Sample.Imsi());

        var id = await CommitAsync(s => s.Bindings.InsertAsync(vin, imsi, device.Id, Sample.At(5), Ct));

        var expected = new Binding(id, vin, imsi, device.Id, Sample.At(5), null, null);
        AssertSame(expected, await ReadAsync(s => s.Bindings.ActiveByVinAsync(vin, Ct)));
        AssertSame(expected, await ReadAsync(s => s.Bindings.ActiveByImsiAsync(imsi, Ct)));
        AssertSame(expected, await ReadAsync(s => s.Bindings.ActiveByDeviceAsync(device.Id, Ct)));
        Assert.Null(await ReadAsync(s => s.Bindings.ActiveByVinAsync(Vin(), Ct)));
    }

    [Fact]
    public async Task A_vin_or_imsi_bound_already_conflicts_and_the_session_goes_on()
    {
        var device = await AddDeviceAsync();
        var (vin, imsi) = (Vin(), Sample.Imsi());
        await CommitAsync(s => s.Bindings.InsertAsync(vin, imsi, device.Id, Sample.At(5), Ct));
        var (otherVin, otherImsi) = (Vin(), Sample.Imsi());

        await CommitAsync(async s =>
        {
            await Assert.ThrowsAsync<StoreConflictException>(() => s.Bindings.InsertAsync(vin, Sample.Imsi(), device.Id, Sample.At(6), Ct));
            await Assert.ThrowsAsync<StoreConflictException>(() => s.Bindings.InsertAsync(Vin(), imsi, device.Id, Sample.At(6), Ct));
            await s.Bindings.InsertAsync(otherVin, otherImsi, device.Id, Sample.At(7), Ct);
        });

        Assert.Single(await ReadAsync(s => s.Bindings.HistoryByVinAsync(vin, Ct)));
        Assert.NotNull(await ReadAsync(s => s.Bindings.ActiveByVinAsync(otherVin, Ct)));
    }

    [Fact]
    public async Task Contests_stay_open_until_resolved_together()
    {
        var (holder, claimant) = (await AddDeviceAsync(), await AddDeviceAsync());
        var (vin, imsi) = (Vin(), Sample.Imsi());
        await CommitAsync(s => s.Bindings.InsertAsync(vin, Sample.Imsi(), holder.Id, Sample.At(5), Ct));
        await CommitAsync(async s =>
        {
            await s.Bindings.InsertContestAsync(vin, imsi, claimant.Id, Sample.At(6), Ct);
            await s.Bindings.InsertContestAsync(vin, imsi, claimant.Id, Sample.At(7), Ct);
        });

        var open = await ReadAsync(s => s.Bindings.OpenContestsByVinAsync(vin, Ct));
        Assert.Equal([Sample.At(6), Sample.At(7)], open.Select(contest => contest.ClaimedAt));
        Assert.All(open, contest => Assert.Equal((vin, imsi, claimant.Id, (DateTimeOffset?)null), (contest.Vin, contest.Imsi, contest.DeviceId, contest.ResolvedAt)));
        Assert.Empty(await ReadAsync(s => s.Bindings.OpenContestsByVinAsync(Vin(), Ct)));

        await CommitAsync(s => s.Bindings.ResolveContestsAsync(vin, Sample.At(8), "kept", Ct));
        Assert.Empty(await ReadAsync(s => s.Bindings.OpenContestsByVinAsync(vin, Ct)));
    }

    [Fact]
    public async Task An_ended_binding_frees_its_vin_and_stays_in_the_history()
    {
        var device = await AddDeviceAsync();
        var (vin, imsi, newImsi) = (Vin(), Sample.Imsi(), Sample.Imsi());
        var first = await CommitAsync(s => s.Bindings.InsertAsync(vin, imsi, device.Id, Sample.At(5), Ct));

        await CommitAsync(s => s.Bindings.EndAsync(first, Sample.At(8), "sim swapped", Ct));
        await CommitAsync(s => s.Bindings.EndAsync(first, Sample.At(9), "again", Ct));
        Assert.Null(await ReadAsync(s => s.Bindings.ActiveByImsiAsync(imsi, Ct)));
        var second = await CommitAsync(s => s.Bindings.InsertAsync(vin, newImsi, device.Id, Sample.At(10), Ct));

        var history = await ReadAsync(s => s.Bindings.HistoryByVinAsync(vin, Ct));
        AssertSame(
            new[]
            {
                new Binding(second, vin, newImsi, device.Id, Sample.At(10), null, null),
                new Binding(first, vin, imsi, device.Id, Sample.At(5), Sample.At(8), "sim swapped"),
            },
            history.ToArray());
        Assert.Equal([second, first], (await ReadAsync(s => s.Bindings.HistoryByDeviceAsync(device.Id, Ct))).Select(b => b.Id));
        Assert.Equal(second, (await ReadAsync(s => s.Bindings.ActiveByDeviceAsync(device.Id, Ct)))!.Id);
    }
}

public sealed class SqliteBindingTableTests(SqliteStoreFixture fixture) : BindingTableTests(fixture), IClassFixture<SqliteStoreFixture>;

public sealed class PostgresBindingTableTests(PostgresStoreFixture fixture) : BindingTableTests(fixture), IClassFixture<PostgresStoreFixture>;
