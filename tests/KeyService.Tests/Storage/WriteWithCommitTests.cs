using ShareKey.KeyService.Audit;
using ShareKey.KeyService.Keys;
using ShareKey.KeyService.Storage;
using ShareKey.KeyService.Users;

namespace ShareKey.KeyService.Tests.Storage;

/// <summary>
/// Writes sent with the commit (<c>SqlStoreSession.ExecuteWithCommitAsync</c>; on PostgreSQL in the
/// COMMIT's round trip): kept by the commit and by nothing else, seen by the session's own next
/// statement, and a failed one leaves nothing of its session.
/// </summary>
public abstract class WriteWithCommitTests(StoreFixture fixture) : StoreTests(fixture)
{
    [Fact]
    public async Task Writes_sent_with_the_commit_are_kept_by_it_and_seen_by_the_sessions_next_statement()
    {
        var device = await AddDeviceAsync();
        var holder = await AddUserAsync();
        var (first, second) = (Sample.Key(device.Id, holder.Id), Sample.Key(device.Id, holder.Id));
        var entry = new AuditEntry(0, Sample.At(7), "service", "key.issue", KeyManager.KeyTarget(second.Id), "ok", "with the commit");

        await using (var session = await Store.BeginAsync(Ct))
        {
            await session.Keys.InsertWithCommitAsync([first], Ct);
            AssertSame(first, await session.Keys.GetAsync(first.Id, Ct));
            await session.Keys.InsertWithCommitAsync([second], Ct);
            await session.Audit.AppendWithCommitAsync(entry, Ct);
            await using (var reader = await Store.BeginReadAsync(Ct))
            {
                Assert.Null(await reader.Keys.GetAsync(first.Id, Ct));
            }

            await session.CommitAsync(Ct);
        }

        AssertSame(first, await ReadAsync(s => s.Keys.GetAsync(first.Id, Ct)));
        AssertSame(second, await ReadAsync(s => s.Keys.GetAsync(second.Id, Ct)));
        var stored = (await ReadAsync(s => s.Audit.QueryAsync(new AuditQuery(Target: entry.Target), Ct))).Single();
        AssertSame(entry with { Id = stored.Id }, stored);
    }

    [Fact]
    public async Task A_taken_key_id_fails_its_session_and_nothing_of_the_session_is_kept()
    {
        var device = await AddDeviceAsync();
        var holder = await AddUserAsync();
        var taken = Sample.Key(device.Id, holder.Id);
        await CommitAsync(s => s.Keys.InsertAsync(taken, Ct));
        var user = Sample.User();
        var entry = new AuditEntry(0, Sample.At(8), "service", "key.issue", KeyManager.KeyTarget(taken.Id), "ok", "never kept");

        await using (var session = await Store.BeginAsync(Ct))
        {
            // SQLite refuses the insert at once; PostgreSQL when the commit sends it.
            await Assert.ThrowsAsync<StoreConflictException>(async () =>
            {
                await session.Users.InsertAsync(user, Ct);
                await session.Keys.InsertWithCommitAsync([taken with { Epoch = 99 }], Ct);
                await session.Audit.AppendWithCommitAsync(entry, Ct);
                await session.CommitAsync(Ct);
            });
        }

        AssertSame(taken, await ReadAsync(s => s.Keys.GetAsync(taken.Id, Ct)));
        Assert.Null(await ReadAsync(s => s.Users.GetAsync(user.Id, Ct)));
        Assert.Empty(await ReadAsync(s => s.Audit.QueryAsync(new AuditQuery(Target: entry.Target), Ct)));
    }

    [Fact]
    public async Task A_session_ended_without_its_commit_keeps_none_of_them()
    {
        var device = await AddDeviceAsync();
        var holder = await AddUserAsync();
        var key = Sample.Key(device.Id, holder.Id);

        await using (var session = await Store.BeginAsync(Ct))
        {
            await session.Keys.InsertWithCommitAsync([key], Ct);
        }

        Assert.Null(await ReadAsync(s => s.Keys.GetAsync(key.Id, Ct)));
    }
}

public sealed class SqliteWriteWithCommitTests(SqliteStoreFixture fixture) : WriteWithCommitTests(fixture), IClassFixture<SqliteStoreFixture>;

public sealed class PostgresWriteWithCommitTests(PostgresStoreFixture fixture) : WriteWithCommitTests(fixture), IClassFixture<PostgresStoreFixture>;
