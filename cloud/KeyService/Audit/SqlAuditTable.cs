using System.Data.Common;
using ShareKey.KeyService.Storage;
using ShareKey.KeyService.Storage.Sql;

namespace ShareKey.KeyService.Audit;

internal sealed class SqlAuditTable(SqlStoreSession session) : IAuditTable
{
    private const string Columns = "id, at, actor, action, target, result, detail";

    private const string Insert =
        "INSERT INTO audit (at, actor, action, target, result, detail, notify_pending) VALUES (@at, @actor, @action, @target, @result, @detail, @notify_pending)";

    private const string InsertReturningId = Insert + " RETURNING id";

    public async Task<long> AppendAsync(AuditEntry entry, CancellationToken cancellationToken) =>
        (await AppendAsync([entry], cancellationToken))[0];

    public async Task<IReadOnlyList<long>> AppendAsync(IReadOnlyList<AuditEntry> entries, CancellationToken cancellationToken) =>
        [.. (await session.ScalarEachAsync(
            InsertReturningId,
            [.. entries.Select(Arguments)],
            cancellationToken)).Select(Convert.ToInt64)];

    public Task AppendWithCommitAsync(AuditEntry entry, CancellationToken cancellationToken) =>
        session.ExecuteWithCommitAsync(Insert, Arguments(entry), cancellationToken);

    public async Task<IReadOnlyList<AuditEntry>> QueryAsync(AuditQuery query, CancellationToken cancellationToken)
    {
        var filter = new SqlFilter();
        if (query.Actor is { } actor)
        {
            filter.Equal("actor", actor);
        }

        if (query.Action is { } action)
        {
            filter.Equal("action", action);
        }

        if (query.Target is { } target)
        {
            filter.Equal("target", target);
        }

        if (query.Since is { } since)
        {
            filter.Add("at >= @since", "@since", SqlValues.Time(since));
        }

        return await session.QueryAsync(
            $"SELECT {Columns} FROM audit{filter.Where} ORDER BY at DESC, id DESC LIMIT @limit",
            filter.Arguments(("@limit", (long)query.Limit)),
            ReadEntry,
            cancellationToken);
    }

    private static (string Name, object? Value)[] Arguments(AuditEntry entry) =>
    [
        ("@at", SqlValues.Time(entry.At)),
        ("@actor", entry.Actor),
        ("@action", entry.Action),
        ("@target", entry.Target),
        ("@result", entry.Result),
        ("@detail", entry.Detail),
        // Stored read already when no notification can come of it: the pipeline never reads or marks it.
        ("@notify_pending", AuditNotice.IsPending(entry.Action, entry.Result) ? 1L : 0L),
    ];

    private static AuditEntry ReadEntry(DbDataReader row) =>
        new(row.GetInt64(0), row.GetTime(1), row.GetString(2), row.GetString(3), row.GetString(4), row.GetString(5), row.GetString(6));
}
