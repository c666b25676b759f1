using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using ShareKey.KeyService.Audit;
using ShareKey.KeyService.Devices;
using ShareKey.KeyService.Storage;
using ShareKey.KeyService.Storage.Sql;

namespace ShareKey.KeyService.Tests.Storage;

/// <summary>
/// The transaction runner against real PostgreSQL collisions, no stand-ins: a second connection
/// (the rival) and the runner's session lock two device rows in opposite orders, and PostgreSQL
/// itself detects the deadlock (SQLSTATE 40P01) and undoes the runner's session. The rival's
/// deadlock_timeout is long, so PostgreSQL always picks the runner's session as the one to undo.
/// </summary>
public sealed class TransactionRunnerTests(PostgresStoreFixture fixture) : StoreTests(fixture), IClassFixture<PostgresStoreFixture>
{
    private static readonly TransactionRetry Quick = new(3, TimeSpan.FromMilliseconds(1), TimeSpan.FromMilliseconds(10));

    [Fact]
    public async Task A_deadlocked_transaction_runs_again_whole_and_commits_once()
    {
        var (low, high) = await TwoDevicesAsync();
        var observer = new CountingObserver();
        var runner = new TransactionRunner(Store, Quick, observer, NullLogger<TransactionRunner>.Instance);
        await using var rival = await Rival.OpenAsync(Fixture.StoreDatabase);
        await rival.HoldAsync(high);
        var runs = 0;

        var entryId = await runner.RunAsync("test work", async session =>
        {
            runs++;
            if (runs > 1)
            {
                await rival.ReleaseAsync();
            }

            // Written before the collision: the undone run must leave nothing of it behind.
            var id = await session.Audit.AppendAsync(new AuditEntry(0, Sample.At(1), "test", "runner.test", $"device:{low:x16}", "ok", $"run={runs}"), Ct);
            await session.Devices.GetAsync(low, forUpdate: true, Ct);
            if (runs == 1)
            {
                await rival.WaitForAsync(low, Fixture);
            }

            await session.Devices.GetAsync(high, forUpdate: true, Ct);
            return id;
        }, Ct);

        Assert.Equal(2, runs);
        Assert.Equal(["deadlock"], observer.Retried);
        Assert.Empty(observer.GaveUp);
        var entries = await ReadAsync(s => s.Audit.QueryAsync(new AuditQuery(null, "runner.test", $"device:{low:x16}", null, 10), Ct));
        var entry = Assert.Single(entries);
        Assert.Equal(entryId, entry.Id);
        Assert.Equal("run=2", entry.Detail);
    }

    [Fact]
    public async Task A_transaction_that_deadlocks_on_every_run_fails_after_the_bound_saying_so()
    {
        var (low, high) = await TwoDevicesAsync();
        var observer = new CountingObserver();
        var runner = new TransactionRunner(Store, Quick, observer, NullLogger<TransactionRunner>.Instance);
        await using var rival = await Rival.OpenAsync(Fixture.StoreDatabase);
        var runs = 0;

        var failure = await Assert.ThrowsAsync<TransientStoreException>(() => runner.RunAsync("the always-colliding work", async session =>
        {
            runs++;
            await rival.ReleaseAsync();
            await rival.HoldAsync(high);
            await session.Devices.GetAsync(low, forUpdate: true, Ct);
            await rival.WaitForAsync(low, Fixture);
            await session.Devices.GetAsync(high, forUpdate: true, Ct);
        }, Ct));

        Assert.Equal(Quick.MaxAttempts, runs);
        Assert.Equal("deadlock", failure.Reason);
        Assert.StartsWith("the always-colliding work: the database undid the transaction 3 times in a row (deadlock), the most allowed; gave up.", failure.Message);
        Assert.Equal(PostgresErrorCodes.DeadlockDetected, Assert.IsType<PostgresException>(failure.InnerException?.InnerException).SqlState);
        Assert.Equal(["deadlock", "deadlock"], observer.Retried);
        Assert.Equal(["deadlock"], observer.GaveUp);
    }

    [Fact]
    public async Task A_failure_that_is_no_collision_is_not_run_again()
    {
        var observer = new CountingObserver();
        var runner = new TransactionRunner(Store, Quick, observer, NullLogger<TransactionRunner>.Instance);
        var device = await AddDeviceAsync();
        var runs = 0;

        await Assert.ThrowsAsync<StoreConflictException>(() => runner.RunAsync("inserting a device twice", async session =>
        {
            runs++;
            await session.Devices.InsertAsync(device, Ct);
        }, Ct));

        Assert.Equal(1, runs);
        Assert.Empty(observer.Retried);
    }

    [Fact]
    public async Task A_real_serialization_failure_counts_as_a_collision()
    {
        // The store's sessions are READ COMMITTED, where PostgreSQL raises no 40001; two REPEATABLE
        // READ transactions updating one row make a real one, which the dialect must call transient.
        var device = await AddDeviceAsync();
        await using var first = new NpgsqlConnection(Fixture.StoreDatabase);
        await using var second = new NpgsqlConnection(Fixture.StoreDatabase);
        await first.OpenAsync(Ct);
        await second.OpenAsync(Ct);
        await using var firstTransaction = await first.BeginTransactionAsync(System.Data.IsolationLevel.RepeatableRead, Ct);
        await using var secondTransaction = await second.BeginTransactionAsync(System.Data.IsolationLevel.RepeatableRead, Ct);
        await ExecuteAsync(second, $"SELECT count(*) FROM devices WHERE id = {SqlValues.Id(device.Id)}");
        await ExecuteAsync(first, $"UPDATE devices SET bulletin_sequence = bulletin_sequence + 1 WHERE id = {SqlValues.Id(device.Id)}");
        await firstTransaction.CommitAsync(Ct);

        var failure = await Assert.ThrowsAsync<PostgresException>(() => ExecuteAsync(second, $"UPDATE devices SET bulletin_sequence = bulletin_sequence + 1 WHERE id = {SqlValues.Id(device.Id)}"));

        Assert.Equal(PostgresErrorCodes.SerializationFailure, failure.SqlState);
        await using var dialect = PostgresDialect.Open(Fixture.StoreDatabase);
        Assert.Equal("serialization", dialect.TransientReason(failure));
    }

    private async Task<(ulong Low, ulong High)> TwoDevicesAsync()
    {
        var one = (await AddDeviceAsync()).Id;
        var other = (await AddDeviceAsync()).Id;
        return (Math.Min(one, other), Math.Max(one, other));
    }

    private async Task ExecuteAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(Ct);
    }

    /// <summary>
    /// A second connection that holds one device row and then asks for the one the runner's session
    /// holds, closing the cycle. Its deadlock_timeout (30 s) outlasts the session's (1 s), so the
    /// session is the one PostgreSQL undoes.
    /// </summary>
    private sealed class Rival : IAsyncDisposable
    {
        private readonly NpgsqlConnection connection;
        private NpgsqlTransaction? transaction;
        private Task? waiting;

        private Rival(NpgsqlConnection connection) => this.connection = connection;

        public static async Task<Rival> OpenAsync(string database)
        {
            var connection = new NpgsqlConnection(database);
            await connection.OpenAsync();
            await using (var slow = new NpgsqlCommand("SET deadlock_timeout = '30s'", connection))
            {
                await slow.ExecuteNonQueryAsync();
            }

            return new Rival(connection);
        }

        public async Task HoldAsync(ulong deviceId)
        {
            transaction = await connection.BeginTransactionAsync();
            await LockAsync(deviceId);
        }

        /// <summary>Asks for <paramref name="deviceId"/> and returns once PostgreSQL shows the rival waiting for it.</summary>
        public async Task WaitForAsync(ulong deviceId, StoreFixture fixture)
        {
            waiting = LockAsync(deviceId);
            await fixture.UntilSessionWaitsAsync(fixture.StoreDatabase);
        }

        /// <summary>Lets go of everything, once the runner's undone session let the rival's request through.</summary>
        public async Task ReleaseAsync()
        {
            if (waiting is not null)
            {
                await waiting;
                waiting = null;
            }

            if (transaction is not null)
            {
                await transaction.RollbackAsync();
                await transaction.DisposeAsync();
                transaction = null;
            }
        }

        public async ValueTask DisposeAsync()
        {
            await ReleaseAsync();
            await connection.DisposeAsync();
        }

        private async Task LockAsync(ulong deviceId)
        {
            await using var command = new NpgsqlCommand($"SELECT id FROM devices WHERE id = {SqlValues.Id(deviceId)} FOR UPDATE", connection, transaction);
            await command.ExecuteScalarAsync();
        }
    }
}
