using System.Data.Common;
using ShareKey.KeyService.Devices;
using ShareKey.KeyService.Storage;
using ShareKey.KeyService.Users;

namespace ShareKey.KeyService.Tests.Storage;

/// <summary>
/// Sessions that only read (<see cref="IKeyStore.BeginReadAsync"/>): they see every commit made
/// before they began, never what is uncommitted, do not queue behind an open write session (on
/// SQLite its one writer), and cannot write.
/// </summary>
public abstract class ReadSessionTests(StoreFixture fixture) : StoreTests(fixture)
{
    [Fact]
    public async Task A_read_session_sees_what_was_committed_before_it_began()
    {
        var device = Sample.Device();
        await CommitAsync(s => s.Devices.InsertAsync(device, Ct));

        await using var session = await Store.BeginReadAsync(Ct);

        AssertSame(device, await session.Devices.GetAsync(device.Id, forUpdate: false, Ct));
    }

    [Fact]
    public async Task A_read_session_runs_beside_an_open_write_session_and_sees_none_of_it()
    {
        var committed = await AddUserAsync();
        var uncommitted = Sample.User();
        await using var writer = await Store.BeginAsync(Ct);
        await writer.Users.InsertAsync(uncommitted, Ct);

        // Awaited while the write session is open: on SQLite a read queued behind the writer would hang here until the test's timeout.
        await using (var reader = await Store.BeginReadAsync(Ct))
        {
            AssertSame(committed, await reader.Users.GetAsync(committed.Id, Ct));
            Assert.Null(await reader.Users.GetAsync(uncommitted.Id, Ct));
        }

        await writer.CommitAsync(Ct);
        await using var after = await Store.BeginReadAsync(Ct);
        AssertSame(uncommitted, await after.Users.GetAsync(uncommitted.Id, Ct));
    }

    [Fact]
    public async Task A_write_in_a_read_session_fails_and_leaves_nothing()
    {
        var user = Sample.User();

        await using (var session = await Store.BeginReadAsync(Ct))
        {
            await Assert.ThrowsAnyAsync<DbException>(() => session.Users.InsertAsync(user, Ct));
        }

        Assert.Null(await ReadAsync(s => s.Users.GetAsync(user.Id, Ct)));
    }

    [Fact]
    public async Task More_read_sessions_at_once_than_connections_each_get_their_turn()
    {
        var users = new List<User>();
        for (var i = 0; i < 4; i++)
        {
            users.Add(await AddUserAsync());
        }

        var reads = Enumerable.Range(0, 40).Select(i => Task.Run(async () =>
        {
            await using var session = await Store.BeginReadAsync(Ct);
            return await session.Users.GetAsync(users[i % users.Count].Id, Ct);
        }));

        var found = await Task.WhenAll(reads);

        Assert.All(found.Select((user, i) => (user, i)), read => AssertSame(users[read.i % users.Count], read.user));
    }
}

public sealed class SqliteReadSessionTests(SqliteStoreFixture fixture) : ReadSessionTests(fixture), IClassFixture<SqliteStoreFixture>;

public sealed class PostgresReadSessionTests(PostgresStoreFixture fixture) : ReadSessionTests(fixture), IClassFixture<PostgresStoreFixture>;
