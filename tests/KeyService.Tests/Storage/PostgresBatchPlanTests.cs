using System.Text.Json;
using Npgsql;
using ShareKey.KeyService.Rotation;
using ShareKey.KeyService.Storage;
using ShareKey.KeyService.Storage.Sql;

namespace ShareKey.KeyService.Tests.Storage;

/// <summary>
/// A statement over a batch of rows reads the batch once, whatever plan PostgreSQL takes (Storage/Sql/SqlRows.cs,
/// ReadOnce). Here the plan it makes for any batch (generic: taken for a statement prepared on the connection once it
/// rates cheaper), on a table where most rotations are confirmed, as in a fleet that has run a while: it once rated
/// the table's side one row, looped over it and read the whole batch again for each. The plan is PostgreSQL's own,
/// with what it did (auto_explain, sent to this connection as a notice).
/// </summary>
public sealed class PostgresBatchPlanTests(PostgresStoreFixture postgres) : StoreTests(postgres), IClassFixture<PostgresStoreFixture>
{
    private const int Open = 500;

    [Fact]
    public async Task The_plan_made_for_any_batch_of_rotations_reads_the_batch_once()
    {
        var database = await Fixture.CreateDatabaseAsync();
        await using (var store = Fixture.Open(database))
        {
            await store.MigrateAsync(Ct);
        }

        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync(Ct);
        var notices = new List<string>();
        connection.Notice += (_, e) => notices.Add(e.Notice.MessageText);
        await using var transaction = await connection.BeginTransactionAsync(Ct);
        // Their devices' foreign keys would be checked at a commit that never comes.
        await RunAsync(connection, transaction, $"""
            INSERT INTO rotations (device_id, cause, from_epoch, to_epoch, new_key_sealed, revoked_key_ids, state, redrives, created_at, updated_at)
            SELECT g, 3, 1, 2, '\x00', '\x', CASE WHEN g <= {Open} THEN 1 ELSE 2 END, 0, 0, 0 FROM generate_series(1, 20000) AS g
            """);
        await RunAsync(connection, transaction, "ANALYZE rotations");
        await RunAsync(connection, transaction, "LOAD 'auto_explain'");
        await RunAsync(connection, transaction, """
            SET LOCAL auto_explain.log_min_duration = 0; SET LOCAL auto_explain.sample_rate = 1; SET LOCAL auto_explain.log_analyze = on;
            SET LOCAL auto_explain.log_format = json; SET LOCAL auto_explain.log_level = notice; SET LOCAL plan_cache_mode = force_generic_plan
            """);
        await using var open = new NpgsqlCommand("SELECT id, device_id FROM rotations WHERE state = 1 ORDER BY id", connection, transaction);
        var rotations = new List<RotationRecord>();
        await using (var rows = await open.ExecuteReaderAsync(Ct))
        {
            while (await rows.ReadAsync(Ct))
            {
                rotations.Add(new RotationRecord(
                    rows.GetInt64(0), (ulong)rows.GetInt64(1), RotationCause.Operator, null, 1, null, 2, [0], [], RotationState.Confirmed, null, 0,
                    Sample.At(0), Sample.At(1), Sample.At(1), null, null));
            }
        }

        // As the session sends it, prepared as Npgsql prepares the service's statements: the plan cache decides, here
        // for the generic plan.
        await using var update = new NpgsqlCommand(SqlRows.ReadOnce(SqlRotationTable.UpdateManySql), connection, transaction);
        foreach (var (name, value) in SqlRotationTable.UpdateManyArguments(rotations))
        {
            update.Parameters.AddWithValue(name, value ?? DBNull.Value);
        }

        await update.PrepareAsync(Ct);
        var updated = 0;
        await using (var rows = await update.ExecuteReaderAsync(Ct))
        {
            while (await rows.ReadAsync(Ct))
            {
                updated++;
            }
        }

        Assert.Equal(Open, updated);
        var notice = notices.Single(text => text.Contains("UPDATE rotations", StringComparison.Ordinal));
        using var plan = JsonDocument.Parse(notice[notice.IndexOf('{', StringComparison.Ordinal)..]);
        var batchReads = Nodes(plan.RootElement.GetProperty("Plan")).Where(node => node.GetProperty("Node Type").GetString() == "Function Scan").ToList();
        Assert.NotEmpty(batchReads);
        Assert.All(batchReads, node => Assert.Equal(1, node.GetProperty("Actual Loops").GetInt64()));
    }

    [Fact]
    public async Task A_session_sends_its_batches_without_nested_loops_and_plans_the_rest_as_configured()
    {
        var device = await AddDeviceAsync();
        var id = await CommitAsync(s => s.Rotations.InsertAsync(Sample.Rotation(device.Id), Ct));
        var rotation = await ReadAsync(s => s.Rotations.GetAsync(id, Ct));

        // Sessions one after another share the store's one open connection; Npgsql prepares a statement on its fifth run.
        for (var batch = 0; batch < 6; batch++)
        {
            var (updated, nestedLoops) = await CommitAsync(async s => (
                await s.Rotations.UpdateAsync([rotation!], Ct),
                await TextsAsync(s, "SELECT current_setting('enable_nestloop')")));
            Assert.True(Assert.Single(updated));
            Assert.Equal("on", Assert.Single(nestedLoops));
        }

        var prepared = await ReadAsync(s => TextsAsync(s, "SELECT statement FROM pg_prepared_statements WHERE statement LIKE 'SET LOCAL enable_nestloop%'"));
        Assert.Equal(["SET LOCAL enable_nestloop = DEFAULT", "SET LOCAL enable_nestloop = off"], prepared.Order(StringComparer.Ordinal));
    }

    /// <summary>The texts a query returns in this session's own transaction, on its connection (the session serves itself as its table).</summary>
    private Task<List<string>> TextsAsync(IStoreSession session, string sql) =>
        session.Table(itself => itself).QueryAsync(sql, [], row => row.GetString(0), Ct);

    private static IEnumerable<JsonElement> Nodes(JsonElement node) =>
        node.TryGetProperty("Plans", out var children) ? [node, .. children.EnumerateArray().SelectMany(Nodes)] : [node];

    private async Task RunAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        await command.ExecuteNonQueryAsync(Ct);
    }
}
