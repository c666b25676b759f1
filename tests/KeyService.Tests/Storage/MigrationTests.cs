using ShareKey.KeyService.Devices;
using ShareKey.KeyService.Rotation;
using ShareKey.KeyService.Storage.Sql;
using ShareKey.KeyService.Uplinks;
using ShareKey.Protocol.Messages;

namespace ShareKey.KeyService.Tests.Storage;

public abstract class MigrationTests(StoreFixture fixture) : StoreTests(fixture)
{
    private static int Latest => SqlMigrations.Steps.Count;

    [Fact]
    public async Task An_empty_database_is_at_version_zero_and_migrates_to_the_latest()
    {
        await using var store = Fixture.Open(await Fixture.CreateDatabaseAsync());
        Assert.Equal(0, await store.SchemaVersionAsync(Ct));

        await store.MigrateAsync(Ct);

        Assert.Equal(Latest, await store.SchemaVersionAsync(Ct));
    }

    [Fact]
    public async Task Migrating_again_changes_nothing()
    {
        await using var store = await Fixture.NewStoreAsync();
        var device = await AddDeviceAsync(store);

        await store.MigrateAsync(Ct);

        Assert.Equal(Latest, await store.SchemaVersionAsync(Ct));
        AssertSame(device, await ReadAsync(s => s.Devices.GetAsync(device.Id, forUpdate: false, Ct), store));
    }

    [Fact]
    public async Task Two_instances_starting_at_once_migrate_once()
    {
        var database = await Fixture.CreateDatabaseAsync();
        await using var first = Fixture.Open(database);
        await using var second = Fixture.Open(database);

        await Task.WhenAll(Task.Run(() => first.MigrateAsync(Ct)), Task.Run(() => second.MigrateAsync(Ct)));

        Assert.Equal(Latest, await first.SchemaVersionAsync(Ct));
        Assert.Equal(Latest, await second.SchemaVersionAsync(Ct));
        await AddDeviceAsync(second);
    }

    [Fact]
    public async Task A_database_from_a_newer_build_is_refused()
    {
        var database = await Fixture.CreateDatabaseAsync();
        await using var store = Fixture.Open(database);
        await store.MigrateAsync(Ct);
        await Fixture.ExecuteRawAsync(database, $"INSERT INTO schema_version (version, name, applied_at) VALUES ({Latest + 1}, 'from the future', 0)");

        var refusal = await Assert.ThrowsAsync<InvalidOperationException>(() => store.MigrateAsync(Ct));

        Assert.Contains("newer", refusal.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Uplinks_handled_before_the_step_that_puts_them_in_one_B_tree_stay_handled()
    {
        var database = await Fixture.CreateDatabaseAsync();
        await using var store = Fixture.Open(database);
        await store.MigrateAsync(Ct);
        var device = await AddDeviceAsync(store);
        await CommitAsync(s => s.Uplinks.TryRecordAsync(device.Id, 41, MessageType.Ack, Sample.At(1), Ct), store);
        await CommitAsync(s => s.Uplinks.TryRecordAsync(device.Id, 42, MessageType.Event, Sample.At(2), Ct), store);
        // Back to before that step: the index by time it drops is there again.
        var step = SqlMigrations.Steps.Select((s, i) => (s.Name, Version: i + 1)).Single(s => s.Name == "uplinks in one B-tree").Version;
        await Fixture.ExecuteRawAsync(database, "CREATE INDEX uplinks_device_received ON uplinks (device_id, received_at)");
        // The steps after it run again too: undo theirs.
        await Fixture.ExecuteRawAsync(database, "DROP INDEX IF EXISTS rentals_key");
        await Fixture.ExecuteRawAsync(database, "DROP INDEX IF EXISTS reservations_key");
        await UndoRecentStepsAsync(database);
        await Fixture.ExecuteRawAsync(database, $"DELETE FROM schema_version WHERE version >= {step}");

        await store.MigrateAsync(Ct);

        Assert.Equal(Latest, await store.SchemaVersionAsync(Ct));
        Assert.False(await CommitAsync(s => s.Uplinks.TryRecordAsync(device.Id, 41, MessageType.Ack, Sample.At(3), Ct), store));
        Assert.False(await CommitAsync(s => s.Uplinks.TryRecordAsync(device.Id, 42, MessageType.Event, Sample.At(3), Ct), store));
        Assert.True(await CommitAsync(s => s.Uplinks.TryRecordAsync(device.Id, 43, MessageType.Ack, Sample.At(3), Ct), store));
    }

    [Fact]
    public async Task Names_taken_twice_before_the_unique_rule_keep_the_first_and_tell_the_others_apart()
    {
        var database = await Fixture.CreateDatabaseAsync();
        await using var store = Fixture.Open(database);
        await store.MigrateAsync(Ct);
        // Back to the schema before step "device names unique…", then two boards in service under one name.
        var step = SqlMigrations.Steps.Select((s, i) => (s.Name, Version: i + 1)).Single(s => s.Name.StartsWith("device names unique", StringComparison.Ordinal)).Version;
        await Fixture.ExecuteRawAsync(database, "DROP INDEX devices_active_name");
        // The steps after it run again too: undo theirs (the uplinks' index by time is gone already, dropped by a later step).
        await Fixture.ExecuteRawAsync(database, "DROP INDEX IF EXISTS rentals_key");
        await UndoRecentStepsAsync(database);
        await Fixture.ExecuteRawAsync(database, $"DELETE FROM schema_version WHERE version >= {step}");
        var first = Sample.Device() with { Name = "car-17", CreatedAt = Sample.At(1) };
        var second = Sample.Device() with { Name = "CAR-17", CreatedAt = Sample.At(2) };
        var retired = Sample.Device() with { Name = "car-17", CreatedAt = Sample.At(0), State = DeviceState.Decommissioned };
        foreach (var device in new[] { first, second, retired })
        {
            await CommitAsync(s => s.Devices.InsertAsync(device, Ct), store);
        }

        // A later step's column, dropped only now: the inserts above write it.
        await Fixture.ExecuteRawAsync(database, "ALTER TABLE devices DROP COLUMN rentable");
        await Fixture.ExecuteRawAsync(database, "DROP TABLE binding_contests");
        await Fixture.ExecuteRawAsync(database, "DROP TABLE reservations");
        await Fixture.ExecuteRawAsync(database, "DROP TABLE space_occupancy");
        await Fixture.ExecuteRawAsync(database, "DROP TABLE spaces");
        await Fixture.ExecuteRawAsync(database, "DROP TABLE garages");
        await Fixture.ExecuteRawAsync(database, "ALTER TABLE users DROP COLUMN disabled_at");
        await Fixture.ExecuteRawAsync(database, "ALTER TABLE api_tokens DROP COLUMN expires_at");
        await Fixture.ExecuteRawAsync(database, "ALTER TABLE keys DROP COLUMN changed_at");
        await Fixture.ExecuteRawAsync(database, "ALTER TABLE keys DROP COLUMN tokens_not_after");
        await Fixture.ExecuteRawAsync(database, "DROP TABLE remote_lock_requests");
        await Fixture.ExecuteRawAsync(database, "DROP TABLE charge_prompts");
        await Fixture.ExecuteRawAsync(database, "DROP TABLE charge_thresholds");
        await Fixture.ExecuteRawAsync(database, "DROP TABLE vehicle_states");
        await store.MigrateAsync(Ct);

        Assert.Equal(Latest, await store.SchemaVersionAsync(Ct));
        Assert.Equal("car-17", (await ReadAsync(s => s.Devices.GetAsync(first.Id, forUpdate: false, Ct), store))!.Name);
        Assert.Equal("car-17", (await ReadAsync(s => s.Devices.GetAsync(retired.Id, forUpdate: false, Ct), store))!.Name);
        Assert.Equal($"CAR-17 #{(long)second.Id}", (await ReadAsync(s => s.Devices.GetAsync(second.Id, forUpdate: false, Ct), store))!.Name);
    }

    [Fact]
    public async Task Rotations_stored_before_the_running_total_are_counted_by_state()
    {
        var database = await Fixture.CreateDatabaseAsync();
        await using var store = Fixture.Open(database);
        await store.MigrateAsync(Ct);
        var (first, second) = (await AddDeviceAsync(store), await AddDeviceAsync(store));
        foreach (var rotation in new[]
        {
            Sample.Rotation(first.Id, RotationState.Confirmed), Sample.Rotation(first.Id, RotationState.Confirmed),
            Sample.Rotation(first.Id, RotationState.Failed), Sample.Rotation(first.Id, RotationState.GaveUp), Sample.Rotation(second.Id),
        })
        {
            await CommitAsync(s => s.Rotations.InsertAsync(rotation, Ct), store);
        }

        // Back to before the step, as a database of an earlier build left it: its rotations counted nowhere.
        var step = SqlMigrations.Steps.Select((s, i) => (s.Name, Version: i + 1)).Single(s => s.Name == "rotations counted by state without reading them all").Version;
        await UndoRecentStepsAsync(database);
        await Fixture.ExecuteRawAsync(database, $"DELETE FROM schema_version WHERE version >= {step}");

        await store.MigrateAsync(Ct);

        var counts = await ReadAsync(s => s.Rotations.CountByStateAsync(Ct), store);
        Assert.Equal(new Dictionary<RotationState, int> { [RotationState.Confirmed] = 2, [RotationState.Failed] = 1, [RotationState.GaveUp] = 1, [RotationState.Sending] = 1 }, counts);
    }

    /// <summary>
    /// Undoes the steps from "rotations counted by state without reading them all" on that would fail run twice, for a
    /// test that runs them again (the others drop an index and make it anew).
    /// </summary>
    private async Task UndoRecentStepsAsync(string database)
    {
        await Fixture.ExecuteRawAsync(database, "DROP TABLE rotation_totals");
        await Fixture.ExecuteRawAsync(database, "DROP INDEX rotations_failed");
        await Fixture.ExecuteRawAsync(database, "DROP INDEX rentals_active_device");
        await Fixture.ExecuteRawAsync(database, "DROP INDEX rentals_active_user");
        await Fixture.ExecuteRawAsync(database, "DROP INDEX rentals_starts");
        await Fixture.ExecuteRawAsync(database, "DROP INDEX users_operators");
        await Fixture.ExecuteRawAsync(database, "DROP INDEX reservations_space_starts");
        await Fixture.ExecuteRawAsync(database, "DROP INDEX reservations_starts");
    }
}

public sealed class SqliteMigrationTests(SqliteStoreFixture fixture) : MigrationTests(fixture), IClassFixture<SqliteStoreFixture>;

public sealed class PostgresMigrationTests(PostgresStoreFixture fixture) : MigrationTests(fixture), IClassFixture<PostgresStoreFixture>;
