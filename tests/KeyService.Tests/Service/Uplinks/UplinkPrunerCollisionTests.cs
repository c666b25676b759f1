using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using ShareKey.KeyService.Storage;
using ShareKey.KeyService.Storage.Sql;
using ShareKey.KeyService.Tests.Storage;
using ShareKey.KeyService.Uplinks;
using ShareKey.Protocol.Messages;

namespace ShareKey.KeyService.Tests.Service.Uplinks;

/// <summary>
/// The pruner's delete undone by a real PostgreSQL deadlock runs again (through the TransactionRunner,
/// as every background write does) instead of failing until the next hour. A rival connection holds
/// the one uplink row to forget; once the prune waits for it, the rival asks for a table lock the
/// prune's delete holds against it, closing the cycle. The test database looks for deadlocks after
/// 5 s of waiting, the rival's session after 60 s: the prune's session finds the cycle, and is undone.
/// </summary>
public sealed class UplinkPrunerCollisionTests(PostgresStoreFixture postgres) : StoreTests(postgres), IClassFixture<PostgresStoreFixture>
{
    [Fact]
    public async Task A_prune_undone_by_a_deadlock_runs_again_and_forgets_what_it_should()
    {
        var database = await Fixture.CreateDatabaseAsync();
        await Fixture.ExecuteRawAsync(database, $"ALTER DATABASE {new NpgsqlConnectionStringBuilder(database).Database} SET deadlock_timeout = '5s'");
        await using var store = Fixture.Open(database);
        await store.MigrateAsync(Ct);
        var device = await AddDeviceAsync(store);
        // One more than the pruner keeps per device, all old: the first is the one to forget.
        await CommitAsync(s => s.Uplinks.TryRecordAsync(
            [.. Enumerable.Range(1, UplinkPruner.KeepPerDevice + 1).Select(id => new HandledUplink(device.Id, (uint)id, MessageType.Event, Sample.At(id)))], Ct), store);
        var observer = new CountingObserver();
        var retry = new TransactionRetry(3, TimeSpan.FromMilliseconds(1), TimeSpan.FromMilliseconds(10));
        var pruner = new UplinkPruner(new TransactionRunner(store, retry, observer, NullLogger<TransactionRunner>.Instance), TimeProvider.System, NullLogger<UplinkPruner>.Instance);

        await using var rival = new NpgsqlConnection(database);
        await rival.OpenAsync(Ct);
        await RunAsync(rival, null, "SET deadlock_timeout = '60s'");
        Task<int> pruning;
        await using (var held = await rival.BeginTransactionAsync(Ct))
        {
            await RunAsync(rival, held, $"SELECT 1 FROM uplinks WHERE device_id = {SqlValues.Id(device.Id)} AND message_id = 1 FOR UPDATE");
            pruning = Task.Run(() => pruner.PruneOnceAsync(Ct));
            await Fixture.UntilSessionWaitsAsync(database);
            // Granted once PostgreSQL has undone the prune's session.
            await RunAsync(rival, held, "LOCK TABLE uplinks IN SHARE MODE");
            await held.RollbackAsync(Ct);
        }

        Assert.Equal(1, await pruning);
        Assert.Equal(["deadlock"], observer.Retried);
        Assert.Empty(observer.GaveUp);
    }

    private async Task RunAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        await command.ExecuteNonQueryAsync(Ct);
    }
}
