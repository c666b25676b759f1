using System.Data.Common;
using ShareKey.KeyService.Devices;
using ShareKey.KeyService.Keys;
using ShareKey.KeyService.Storage;
using ShareKey.KeyService.Users;

namespace ShareKey.KeyService.Tests.Storage;

public abstract class TransactionTests(StoreFixture fixture) : StoreTests(fixture)
{
    [Fact]
    public void The_store_names_its_database() => Assert.Equal(Fixture.Kind, Store.Kind);

    [Fact]
    public async Task A_session_disposed_without_commit_leaves_nothing()
    {
        var device = Sample.Device();
        var user = Sample.User();

        await using (var session = await Store.BeginAsync(Ct))
        {
            await session.Devices.InsertAsync(device, Ct);
            await session.Users.InsertAsync(user, Ct);
            Assert.NotNull(await session.Devices.GetAsync(device.Id, forUpdate: false, Ct));
        }

        Assert.Null(await ReadAsync(s => s.Devices.GetAsync(device.Id, forUpdate: false, Ct)));
        Assert.Null(await ReadAsync(s => s.Users.GetAsync(user.Id, Ct)));
    }

    [Fact]
    public async Task What_a_session_commits_every_later_session_sees()
    {
        var device = Sample.Device();

        await CommitAsync(s => s.Devices.InsertAsync(device, Ct));

        AssertSame(device, await ReadAsync(s => s.Devices.GetAsync(device.Id, forUpdate: false, Ct)));
    }

    [Fact]
    public async Task What_a_session_has_not_committed_no_other_session_sees()
    {
        var device = Sample.Device();
        await using var writer = await Store.BeginAsync(Ct);
        await writer.Devices.InsertAsync(device, Ct);

        var reader = Task.Run(() => ReadAsync(s => s.Devices.GetAsync(device.Id, forUpdate: false, Ct)));
        if (Fixture.SessionsOverlap)
        {
            Assert.Null(await reader);
            await writer.CommitAsync(Ct);
        }
        else
        {
            Assert.False(reader.IsCompleted);
            await writer.CommitAsync(Ct);
            await writer.DisposeAsync();
            Assert.NotNull(await reader);
        }
    }

    [Fact]
    public async Task A_row_pointing_at_a_missing_device_fails_at_commit_and_leaves_nothing()
    {
        var holder = await AddUserAsync();
        var orphan = Sample.Key(Sample.Id(), holder.Id);

        await using (var session = await Store.BeginAsync(Ct))
        {
            await session.Keys.InsertAsync(orphan, Ct);
            await Assert.ThrowsAnyAsync<DbException>(() => session.CommitAsync(Ct));
        }

        Assert.Null(await ReadAsync(s => s.Keys.GetAsync(orphan.Id, Ct)));
    }

    [Fact]
    public async Task Linked_rows_may_be_written_in_any_order_within_a_session()
    {
        var holder = Sample.User();
        var device = Sample.Device();
        var key = Sample.Key(device.Id, holder.Id);

        await CommitAsync(async s =>
        {
            await s.Keys.InsertAsync(key, Ct);
            await s.Devices.InsertAsync(device, Ct);
            await s.Users.InsertAsync(holder, Ct);
        });

        AssertSame(key, await ReadAsync(s => s.Keys.GetAsync(key.Id, Ct)));
    }

    [Fact]
    public async Task Committed_data_is_there_after_the_store_is_closed_and_opened_again()
    {
        var database = await Fixture.CreateDatabaseAsync();
        var device = Sample.Device();
        var store = Fixture.Open(database);
        try
        {
            await store.MigrateAsync(Ct);
            await CommitAsync(s => s.Devices.InsertAsync(device, Ct), store);
        }
        finally
        {
            await store.DisposeAsync();
        }

        await using var reopened = Fixture.Open(database);

        AssertSame(device, await ReadAsync(s => s.Devices.GetAsync(device.Id, forUpdate: false, Ct), reopened));
        Assert.Equal(await ReadVersion(reopened), await ReadVersion(Store));
    }

    private Task<int> ReadVersion(IKeyStore store) => store.SchemaVersionAsync(Ct);
}

public sealed class SqliteTransactionTests(SqliteStoreFixture fixture) : TransactionTests(fixture), IClassFixture<SqliteStoreFixture>;

public sealed class PostgresTransactionTests(PostgresStoreFixture fixture) : TransactionTests(fixture), IClassFixture<PostgresStoreFixture>;
