using ShareKey.KeyService.Devices;
using ShareKey.KeyService.Parking.Garages;
using ShareKey.KeyService.Parking.Maps;
using ShareKey.KeyService.Parking.Spaces;
using ShareKey.KeyService.Storage;

namespace ShareKey.KeyService.Tests.Storage;

public abstract class ParkingTableTests(StoreFixture fixture) : StoreTests(fixture)
{
    private static Garage NewGarage(GarageMap? map = null) => new(
        Sample.Id(), Sample.Name("garage"), "Europe/Berlin", new GarageAddress("DE", "Hamburg", "20457", ["Am Sandtorkai 1", "Haus B"]),
        [new GarageFloor(-1, "Basement"), new GarageFloor(0, "Street")], map, Sample.At(40));

    private static readonly GarageMap Map = new(
        [new FloorPlan(0, 40.5, 20, [new Entrance("North", "n0")])],
        [new SpaceShape("A-1", [[1, 1], [3.5, 1], [3.5, 6], [1, 6]], "n1")],
        new AisleGraph([new AisleNode("n0", 0, 20, 0), new AisleNode("n1", 0, 2.25, 8)], [new AisleEdge("n0", "n1")]));

    private static ParkingSpace NewSpace(ulong garageId, ulong deviceId, string label = "A-1") => new(
        Sample.Id(), garageId, label, -1, deviceId,
        new SpaceRules(TimeSpan.FromHours(3), TimeSpan.FromDays(9), TimeSpan.FromMinutes(7), TimeSpan.FromMinutes(11), TimeSpan.FromMinutes(13)), Sample.At(41));

    [Fact]
    public async Task A_garage_reads_back_whole_with_its_map_and_its_name_is_unique_in_any_case()
    {
        var garage = NewGarage(Map);
        await CommitAsync(s => s.Garages.InsertAsync(garage, Ct));

        var read = await ReadAsync(s => s.Garages.GetAsync(garage.Id, Ct));
        Assert.NotNull(read);
        Assert.Equal(garage.Name, read.Name);
        Assert.Equal(garage.Address.AddressLines, read.Address.AddressLines);
        Assert.Equal(garage.Address with { AddressLines = [] }, read.Address with { AddressLines = [] });
        Assert.Equal(garage.Floors, read.Floors);
        Assert.Equal(garage.CreatedAt, read.CreatedAt);
        Assert.Equal(System.Text.Json.JsonSerializer.Serialize(Map), System.Text.Json.JsonSerializer.Serialize(read.Map));
        Assert.Equal(garage.Id, (await ReadAsync(s => s.Garages.FindByNameAsync(garage.Name.ToUpperInvariant(), Ct)))?.Id);
        Assert.Null(await ReadAsync(s => s.Garages.GetAsync(garage.Id + 1, Ct)));

        await Assert.ThrowsAsync<StoreConflictException>(() => CommitAsync(s => s.Garages.InsertAsync(NewGarage() with { Name = garage.Name.ToUpperInvariant() }, Ct)));
        var plain = NewGarage();
        await CommitAsync(s => s.Garages.InsertAsync(plain, Ct));
        Assert.Null((await ReadAsync(s => s.Garages.GetAsync(plain.Id, Ct)))!.Map);
        Assert.Contains((await ReadAsync(s => s.Garages.ListAsync(Ct))), g => g.Id == plain.Id);
    }

    [Fact]
    public async Task A_space_reads_back_binds_its_lock_once_and_its_rules_change()
    {
        var garage = NewGarage();
        await CommitAsync(s => s.Garages.InsertAsync(garage, Ct));
        var lock1 = await AddDeviceAsync();
        var lock2 = await AddDeviceAsync();
        var space = NewSpace(garage.Id, lock1.Id);
        await CommitAsync(s => s.Spaces.InsertAsync(space, Ct));

        Assert.Equal(space, await ReadAsync(s => s.Spaces.GetAsync(space.Id, Ct)));
        Assert.Equal(space, await ReadAsync(s => s.Spaces.ForDeviceAsync(lock1.Id, Ct)));
        Assert.Null(await ReadAsync(s => s.Spaces.ForDeviceAsync(lock2.Id, Ct)));

        await Assert.ThrowsAsync<StoreConflictException>(() => CommitAsync(s => s.Spaces.InsertAsync(NewSpace(garage.Id, lock1.Id, "B-2"), Ct)));
        await Assert.ThrowsAsync<StoreConflictException>(() => CommitAsync(s => s.Spaces.InsertAsync(NewSpace(garage.Id, lock2.Id), Ct)));
        var second = NewSpace(garage.Id, lock2.Id, "A-0") with { Level = 0 };
        await CommitAsync(s => s.Spaces.InsertAsync(second, Ct));
        Assert.Equal([space.Id, second.Id], (await ReadAsync(s => s.Spaces.ListAsync(garage.Id, Ct))).Select(s => s.Id));

        var rules = new SpaceRules(TimeSpan.FromHours(1), TimeSpan.Zero, TimeSpan.Zero, TimeSpan.FromMinutes(2), TimeSpan.FromMinutes(3));
        Assert.True(await CommitAsync(s => s.Spaces.UpdateRulesAsync(space.Id, rules, Ct)));
        Assert.False(await CommitAsync(s => s.Spaces.UpdateRulesAsync(space.Id + 1, rules, Ct)));
        Assert.Equal(rules, (await ReadAsync(s => s.Spaces.GetAsync(space.Id, Ct)))!.Rules);
    }
}

public sealed class SqliteParkingTableTests(SqliteStoreFixture fixture) : ParkingTableTests(fixture), IClassFixture<SqliteStoreFixture>;

public sealed class PostgresParkingTableTests(PostgresStoreFixture fixture) : ParkingTableTests(fixture), IClassFixture<PostgresStoreFixture>;
