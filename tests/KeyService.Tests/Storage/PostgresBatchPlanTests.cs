using ShareKey.KeyService.Rotation;
using ShareKey.KeyService.Storage.Sql;

namespace ShareKey.KeyService.Tests.Storage;

/// <summary>
/// A statement over a batch of rows is planned for the batch it is run with, however often it runs
/// (Storage/Sql/SqlRows.cs, PlannedForItsBatch). Left to itself, PostgreSQL plans a statement prepared on the
/// connection once for any parameters as soon as that plan rates cheaper; on a table where most rotations are
/// confirmed, as in a fleet that has run a while, that plan rated the rotations' side one row and read the whole
/// batch again for each. Counted by PostgreSQL itself, in pg_prepared_statements of the store's one connection.
/// </summary>
public sealed class PostgresBatchPlanTests(PostgresStoreFixture postgres) : StoreTests(postgres), IClassFixture<PostgresStoreFixture>
{
    private const int Devices = 500;
    private const int ConfirmedPerDevice = 39;
    private const int Batches = 15;

    [Fact]
    public async Task A_batch_update_run_again_and_again_is_planned_for_each_batch()
    {
        // Two connections at most: one for writes, so every batch meets the statements prepared before it.
        var database = $"{await Fixture.CreateDatabaseAsync()};Maximum Pool Size=2";
        await using var store = Fixture.Open(database);
        await store.MigrateAsync(Ct);
        await Fixture.ExecuteRawAsync(database, $"""
            INSERT INTO devices (id, kind, name, state, root_key_sealed, epoch, last_down_message_id, bulletin_sequence, created_at)
            SELECT g, 1, 'car-' || g, 1, '\x00', 1, 0, 0, 0 FROM generate_series(1, {Devices}) AS g;
            INSERT INTO rotations (device_id, cause, from_epoch, to_epoch, new_key_sealed, revoked_key_ids, state, redrives, created_at, updated_at)
            SELECT d, 3, 1, 2, '\x00', '\x', CASE WHEN n = 0 THEN {(int)RotationState.Sending} ELSE {(int)RotationState.Confirmed} END, 0, 0, 0
            FROM generate_series(1, {Devices}) AS d, generate_series(0, {ConfirmedPerDevice}) AS n;
            ANALYZE rotations;
            """);
        var devices = Enumerable.Range(1, Devices).Select(id => (ulong)id).ToList();
        var open = await ReadAsync(s => s.Rotations.OpenForDevicesAsync(devices, Ct), store);
        Assert.Equal(Devices, open.Count);

        for (var batch = 0; batch < Batches; batch++)
        {
            var (updated, planning) = await CommitAsync(async s => (
                await s.Rotations.UpdateAsync(open, Ct),
                await s.Table(sql => sql).QueryAsync("SELECT current_setting('plan_cache_mode')", [], row => row.GetString(0), Ct)), store);
            Assert.All(updated, Assert.True);

            // The rest of the transaction plans as PostgreSQL chooses.
            Assert.Equal("auto", Assert.Single(planning));
        }

        var plans = await ReadAsync(s => s.Table(sql => sql).QueryAsync(
            """
            SELECT generic_plans, custom_plans FROM pg_prepared_statements
            WHERE statement LIKE '%UPDATE rotations AS r SET%' AND statement NOT LIKE '%pg_prepared_statements%'
            """, [], row => (Generic: row.GetInt64(0), Custom: row.GetInt64(1)), Ct), store);

        // Npgsql prepares a statement on its fifth run; every run after is counted.
        var (generic, custom) = Assert.Single(plans);
        Assert.Equal(0, generic);
        Assert.True(custom >= Batches - 5, $"{custom} batches planned for themselves");
    }
}
