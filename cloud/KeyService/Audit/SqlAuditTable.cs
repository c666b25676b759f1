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

    /// <summary>A batch's entries as arrays (PostgreSQL), each with its place in the batch ("n", for the ids a batch returns).</summary>
    private static readonly SqlRows InsertRows = new(
        ("n", SqlRowType.Bigint), ("at", SqlRowType.Bigint), ("actor", SqlRowType.Text), ("action", SqlRowType.Text), ("target", SqlRowType.Text),
        ("result", SqlRowType.Text), ("detail", SqlRowType.Text), ("notify_pending", SqlRowType.Bigint));

    public async Task<long> AppendAsync(AuditEntry entry, CancellationToken cancellationToken) =>
        Convert.ToInt64(await session.ScalarAsync(InsertReturningId, Arguments(entry), cancellationToken));

    /// <summary>
    /// On PostgreSQL one statement for the whole batch. An entry has no key of its own to be told apart
    /// by, so each row draws its id beside its place in the batch, once (MATERIALIZED), inserts with it,
    /// and the statement returns the pairs: ids go back by place, not by the order rows come back in.
    /// </summary>
    public async Task<IReadOnlyList<long>> AppendAsync(IReadOnlyList<AuditEntry> entries, CancellationToken cancellationToken) =>
        session.Dialect.TakesRowArrays
            ? [.. (await session.EachRowAsync(
                $"""
                WITH v AS MATERIALIZED (
                    SELECT nextval(s.seq) AS id, n, at, actor, action, target, result, detail, notify_pending
                    FROM (SELECT pg_get_serial_sequence('audit', 'id')::regclass AS seq) AS s, {InsertRows.From("r")}),
                inserted AS (
                    INSERT INTO audit (id, at, actor, action, target, result, detail, notify_pending)
                    SELECT id, at, actor, action, target, result, detail, notify_pending FROM v)
                SELECT n, id FROM v
                """,
                InsertRows,
                [.. entries.Select((entry, n) => ArgumentsAt(entry, n))],
                n => (long)n,
                row => (row.GetInt64(0), row.GetInt64(1)),
                cancellationToken)).Select(id => id ?? throw new InvalidOperationException("An audit entry of the batch came back without an id."))]
            : [.. (await session.ScalarEachAsync(
                InsertReturningId,
                [.. entries.Select(Arguments)],
                cancellationToken)).Select(Convert.ToInt64)];

    public Task AppendWithCommitAsync(AuditEntry entry, CancellationToken cancellationToken) =>
        session.ExecuteWithCommitAsync(Insert, Arguments(entry), cancellationToken);

    public async Task AppendWithCommitAsync(IReadOnlyList<AuditEntry> entries, CancellationToken cancellationToken)
    {
        // A batch of one takes the plain statement, whose plan needs no arrays unnested.
        if (!session.Dialect.TakesRowArrays || entries.Count < 2)
        {
            foreach (var entry in entries)
            {
                await AppendWithCommitAsync(entry, cancellationToken);
            }

            return;
        }

        await session.ExecuteWithCommitAsync(
            $"""
            INSERT INTO audit (at, actor, action, target, result, detail, notify_pending)
            SELECT at, actor, action, target, result, detail, notify_pending FROM {InsertRows.From("r")}
            """,
            InsertRows.Arguments([.. entries.Select((entry, n) => ArgumentsAt(entry, n))]),
            cancellationToken);
    }

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
            filter.Add("at >= @since", ("@since", SqlValues.Time(since)));
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

    private static (string Name, object? Value)[] ArgumentsAt(AuditEntry entry, long place) => [("@n", place), .. Arguments(entry)];

    private static AuditEntry ReadEntry(DbDataReader row) =>
        new(row.GetInt64(0), row.GetTime(1), row.GetString(2), row.GetString(3), row.GetString(4), row.GetString(5), row.GetString(6));
}
