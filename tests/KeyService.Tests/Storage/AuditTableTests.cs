using ShareKey.KeyService.Audit;

namespace ShareKey.KeyService.Tests.Storage;

public abstract class AuditTableTests(StoreFixture fixture) : StoreTests(fixture)
{
    [Fact]
    public async Task Entries_read_back_newest_first_matching_every_filter_given()
    {
        var actor = $"user:{Sample.Id()}";
        var target = $"device:{Sample.Id()}";
        AuditEntry[] entries =
        [
            new(0, Sample.At(1), actor, "key.issue", target, "ok", "renter key"),
            new(0, Sample.At(3), actor, "key.revoke", target, "ok", ""),
            new(0, Sample.At(2), "service", "key.issue", target, "device_decommissioned", "refused"),
            new(0, Sample.At(4), actor, "key.issue", $"device:{Sample.Id()}", "ok", ""),
        ];
        var ids = new List<long>();
        foreach (var entry in entries)
        {
            ids.Add(await CommitAsync(s => s.Audit.AppendAsync(entry with { Id = 12_345 }, Ct)));
        }

        async Task<long[]> Query(AuditQuery query) => [.. (await ReadAsync(s => s.Audit.QueryAsync(query, Ct))).Select(e => e.Id)];

        Assert.Equal(4, ids.Distinct().Count());
        Assert.Equal([ids[1], ids[2], ids[0]], await Query(new AuditQuery(Target: target)));
        Assert.Equal([ids[3], ids[1], ids[0]], await Query(new AuditQuery(Actor: actor)));
        Assert.Equal([ids[3], ids[0]], await Query(new AuditQuery(Actor: actor, Action: "key.issue")));
        Assert.Equal([ids[1]], await Query(new AuditQuery(Actor: actor, Target: target, Action: "key.revoke")));
        Assert.Equal([ids[1], ids[2]], await Query(new AuditQuery(Target: target, Since: Sample.At(2))));
        Assert.Equal([ids[3]], await Query(new AuditQuery(Actor: actor, Limit: 1)));
        AssertSame(
            entries[2] with { Id = ids[2] },
            (await ReadAsync(s => s.Audit.QueryAsync(new AuditQuery(Actor: "service", Target: target), Ct))).Single());
    }

    [Fact]
    public async Task A_batch_is_appended_whole_and_each_entry_gets_back_its_own_id()
    {
        var entries = Enumerable.Range(0, 40)
            .Select(i => new AuditEntry(12_345, Sample.At(i % 3), $"user:{Sample.Id()}", i % 2 == 0 ? "rotation.start" : "key.issue", $"device:{Sample.Id()}", "ok", $"n={i}"))
            .ToList();

        var ids = await CommitAsync(s => s.Audit.AppendAsync(entries, Ct));

        Assert.Equal(entries.Count, ids.Distinct().Count());
        for (var i = 0; i < entries.Count; i++)
        {
            var stored = Assert.Single(await ReadAsync(s => s.Audit.QueryAsync(new AuditQuery(Target: entries[i].Target), Ct)));
            AssertSame(entries[i] with { Id = ids[i] }, stored);
        }

        Assert.Empty(await CommitAsync(s => s.Audit.AppendAsync(Array.Empty<AuditEntry>(), Ct)));
        var after = await CommitAsync(s => s.Audit.AppendAsync(entries[0] with { Target = $"device:{Sample.Id()}" }, Ct));
        Assert.DoesNotContain(after, ids);
    }

    [Fact]
    public async Task A_batch_sent_with_the_commit_is_kept_by_it_each_entry_as_given()
    {
        var entries = Enumerable.Range(0, 12)
            .Select(i => new AuditEntry(0, Sample.At(i), $"device:{Sample.Id():x16}", "rotation.confirm", $"device:{Sample.Id()}", "ok", $"n={i}"))
            .ToList();

        await using (var session = await Store.BeginAsync(Ct))
        {
            await session.Audit.AppendWithCommitAsync(entries, Ct);
            await session.Audit.AppendWithCommitAsync(Array.Empty<AuditEntry>(), Ct);
            await session.CommitAsync(Ct);
        }

        foreach (var entry in entries)
        {
            var stored = Assert.Single(await ReadAsync(s => s.Audit.QueryAsync(new AuditQuery(Target: entry.Target), Ct)));
            AssertSame(entry with { Id = stored.Id }, stored);
        }

        await using (var rolledBack = await Store.BeginAsync(Ct))
        {
            await rolledBack.Audit.AppendWithCommitAsync([entries[0] with { Target = "device:never-kept" }], Ct);
        }

        Assert.Empty(await ReadAsync(s => s.Audit.QueryAsync(new AuditQuery(Target: "device:never-kept"), Ct)));
    }
}

public sealed class SqliteAuditTableTests(SqliteStoreFixture fixture) : AuditTableTests(fixture), IClassFixture<SqliteStoreFixture>;

public sealed class PostgresAuditTableTests(PostgresStoreFixture fixture) : AuditTableTests(fixture), IClassFixture<PostgresStoreFixture>;
