using System.Data.Common;
using ShareKey.KeyService.Storage;
using ShareKey.KeyService.Storage.Sql;
using ShareKey.Protocol.Messages;

namespace ShareKey.KeyService.Outbox;

internal sealed class SqlOutboxTable(SqlStoreSession session) : IOutboxTable
{
    private const string Columns =
        "id, device_id, message_id, type, frame, state, attempts, max_attempts, ack_timeout_ms, next_attempt_at, created_at, " +
        "last_attempt_at, acked_at, ack_status, rotation_id";

    private static readonly (string Column, SqlRowType Type)[] InsertedColumns =
    [
        ("device_id", SqlRowType.Bigint), ("message_id", SqlRowType.Bigint), ("type", SqlRowType.Bigint), ("frame", SqlRowType.Bytea),
        ("state", SqlRowType.Bigint), ("attempts", SqlRowType.Bigint), ("max_attempts", SqlRowType.Bigint), ("ack_timeout_ms", SqlRowType.Bigint),
        ("next_attempt_at", SqlRowType.Bigint), ("created_at", SqlRowType.Bigint), ("last_attempt_at", SqlRowType.Bigint),
        ("acked_at", SqlRowType.Bigint), ("ack_status", SqlRowType.Bigint), ("rotation_id", SqlRowType.Bigint),
    ];

    private static readonly string InsertColumns = string.Join(", ", InsertedColumns.Select(column => column.Column));

    private static readonly SqlRows InsertRows = new(InsertedColumns);

    // Messages whose ids were reserved (ReserveIdsAsync) are inserted with them.
    private static readonly SqlRows NumberedInsertRows = new([("id", SqlRowType.Bigint), .. InsertedColumns]);

    private static readonly SqlRows ChangingRows = new(
        ("id", SqlRowType.Bigint), ("state", SqlRowType.Bigint), ("attempts", SqlRowType.Bigint), ("max_attempts", SqlRowType.Bigint),
        ("next_attempt_at", SqlRowType.Bigint), ("last_attempt_at", SqlRowType.Bigint), ("acked_at", SqlRowType.Bigint), ("ack_status", SqlRowType.Bigint));

    private static readonly (string Name, object? Value) Pending = ("@pending", (long)OutboxState.Pending);

    // What outbox_due holds, written out so that the planner can use that partial index.
    private static readonly string IsPending = $"state = {(long)OutboxState.Pending}";

    public async Task<long> InsertAsync(OutboxMessage message, CancellationToken cancellationToken) =>
        (await InsertAsync([message], cancellationToken))[0];

    public async Task<IReadOnlyList<long>> InsertAsync(IReadOnlyList<OutboxMessage> messages, CancellationToken cancellationToken)
    {
        if (messages.Count == 0)
        {
            return [];
        }

        var numbered = messages[0].Id != 0;
        if (messages.Any(message => message.Id != 0 != numbered))
        {
            throw new ArgumentException("Either every message has a reserved id or none has.", nameof(messages));
        }

        var columns = numbered ? $"id, {InsertColumns}" : InsertColumns;
        var rows = messages.Select(message => Arguments(message, numbered)).ToList();
        if (!session.Dialect.TakesRowArrays)
        {
            var inserted = await session.ScalarEachAsync(
                $"""
                INSERT INTO outbox ({columns})
                VALUES ({(numbered ? "@id, " : "")}@device_id, @message_id, @type, @frame, @state, @attempts, @max_attempts, @ack_timeout_ms,
                    @next_attempt_at, @created_at, @last_attempt_at, @acked_at, @ack_status, @rotation_id)
                ON CONFLICT DO NOTHING
                RETURNING id
                """,
                rows, cancellationToken);
            return [.. inserted.Select((id, i) => id is null ? throw Taken(messages[i]) : Convert.ToInt64(id))];
        }

        var ids = await session.EachRowAsync(
            $"""
            INSERT INTO outbox ({columns})
            SELECT {columns} FROM {(numbered ? NumberedInsertRows : InsertRows).From("v")}
            ON CONFLICT DO NOTHING
            RETURNING device_id, message_id, id
            """,
            numbered ? NumberedInsertRows : InsertRows, rows, i => (messages[i].DeviceId, messages[i].MessageId), row => ((row.GetId(0), row.GetUInt32(1)), row.GetInt64(2)), cancellationToken);
        return [.. ids.Select((id, i) => id ?? throw Taken(messages[i]))];
    }

    public async Task<IReadOnlyList<long>> ReserveIdsAsync(int count, CancellationToken cancellationToken) =>
        count == 0
            ? []
            : await session.QueryAsync(session.Dialect.NextIds("outbox"), [("@count", (long)count)], row => row.GetInt64(0), cancellationToken);

    public async Task<OutboxMessage?> GetAsync(long id, CancellationToken cancellationToken) =>
        (await GetAsync([id], cancellationToken))[0];

    public Task<IReadOnlyList<OutboxMessage?>> GetAsync(IReadOnlyList<long> ids, CancellationToken cancellationToken) =>
        session.GetByIdsAsync("outbox", Columns, ids, Read, message => message.Id, cancellationToken);

    public async Task<OutboxMessage?> FindAsync(ulong deviceId, uint messageId, CancellationToken cancellationToken) =>
        (await FindAsync([(deviceId, messageId)], cancellationToken))[0];

    /// <summary>The messages of (device, message id) pairs, each through the table's unique (device_id, message_id) key.</summary>
    internal static string FindSql(SqlDialect dialect) =>
        $"SELECT {Columns} FROM outbox WHERE {dialect.InIdPairs("device_id", "message_id", "@device_ids", "@message_ids")}";

    public async Task<IReadOnlyList<OutboxMessage?>> FindAsync(IReadOnlyList<(ulong DeviceId, uint MessageId)> sent, CancellationToken cancellationToken)
    {
        if (sent.Count == 0)
        {
            return [];
        }

        var found = (await session.QueryAsync(
            FindSql(session.Dialect),
            [
                ("@device_ids", session.Dialect.IdsValue([.. sent.Select(message => SqlValues.Id(message.DeviceId))])),
                ("@message_ids", session.Dialect.IdsValue([.. sent.Select(message => (long)message.MessageId)])),
            ],
            Read, cancellationToken)).ToDictionary(message => (message.DeviceId, message.MessageId));
        return [.. sent.Select(message => found.GetValueOrDefault(message))];
    }

    /// <summary>Through outbox_due, which holds only pending messages, in the order it keeps them.</summary>
    internal static string ClaimDueSql(SqlDialect dialect) =>
        $"""
        SELECT {Columns} FROM outbox WHERE {IsPending} AND next_attempt_at <= @now AND (attempts = 0 OR next_attempt_at <= @resends_due_by)
        ORDER BY next_attempt_at, id LIMIT @limit{dialect.ForUpdateSkipLocked}
        """;

    /// <summary>Through outbox_due.</summary>
    internal static readonly string NextDueSql =
        $"""
        SELECT MIN(next_attempt_at) FROM outbox
        WHERE {IsPending} AND (attempts = 0 OR next_attempt_at <= @resends_due_by OR next_attempt_at > @now)
        """;

    /// <summary>Through outbox_due.</summary>
    internal static readonly string PendingDepthSql = $"SELECT count(*), MIN(created_at) FROM outbox WHERE {IsPending}";

    public async Task<IReadOnlyList<OutboxMessage>> ClaimDueAsync(DateTimeOffset now, DateTimeOffset resendsDueBy, int limit, CancellationToken cancellationToken) =>
        await session.QueryAsync(
            ClaimDueSql(session.Dialect),
            [("@now", SqlValues.Time(now)), ("@resends_due_by", SqlValues.Time(resendsDueBy)), ("@limit", (long)limit)], Read, cancellationToken);

    public async Task<bool> UpdateAsync(OutboxMessage message, CancellationToken cancellationToken) =>
        (await UpdateAsync([message], cancellationToken))[0];

    public async Task<IReadOnlyList<bool>> UpdateAsync(IReadOnlyList<OutboxMessage> messages, CancellationToken cancellationToken)
    {
        var rows = messages.Select(Changing).ToList();
        if (!session.Dialect.TakesRowArrays)
        {
            return [.. (await session.ExecuteEachAsync(
                """
                UPDATE outbox SET state = @state, attempts = @attempts, max_attempts = @max_attempts, next_attempt_at = @next_attempt_at,
                    last_attempt_at = @last_attempt_at, acked_at = @acked_at, ack_status = @ack_status
                WHERE id = @id
                """,
                rows, cancellationToken)).Select(changed => changed == 1)];
        }

        return [.. (await session.EachRowAsync(
            $"""
            UPDATE outbox AS o SET state = v.state, attempts = v.attempts, max_attempts = v.max_attempts, next_attempt_at = v.next_attempt_at,
                last_attempt_at = v.last_attempt_at, acked_at = v.acked_at, ack_status = v.ack_status
            FROM {ChangingRows.From("v")}
            WHERE {ChangingRows.Matches("o", "v", "id")}
            RETURNING o.id
            """,
            ChangingRows, rows, i => messages[i].Id, row => (row.GetInt64(0), 0L), cancellationToken)).Select(found => found is not null)];
    }

    public Task<int> MarkAttemptedAsync(IReadOnlyList<long> ids, DateTimeOffset at, CancellationToken cancellationToken) =>
        ids.Count == 0
            ? Task.FromResult(0)
            : session.ExecuteAsync(
                $"""
                UPDATE outbox SET attempts = attempts + 1, last_attempt_at = @at, next_attempt_at = @at + ack_timeout_ms
                WHERE {session.Dialect.InIds("id", "@ids")}
                """,
                [("@at", SqlValues.Time(at)), ("@ids", session.Dialect.IdsValue(ids))], cancellationToken);

    public async Task<IReadOnlyList<OutboxMessage>> ListAsync(ulong? deviceId, OutboxState? state, int limit, CancellationToken cancellationToken)
    {
        var (sql, filter) = List(deviceId, state);
        return await session.QueryAsync(sql, filter.Arguments(("@limit", (long)limit)), Read, cancellationToken);
    }

    /// <summary>
    /// Newest first by number, the order the store gave them, which the primary key holds; a device's by message id,
    /// which its (device_id, message_id) key holds and which rises in the same order (<see cref="NewestOfDevicesSql"/>).
    /// Either way a page reads as many messages as it shows, not every one stored.
    /// </summary>
    internal static (string Sql, SqlFilter Filter) List(ulong? deviceId, OutboxState? state)
    {
        var filter = new SqlFilter()
            .IdIfGiven("device_id", deviceId)
            .EqualIfGiven("state", (long?)state);
        return ($"SELECT {Columns} FROM outbox{filter.Where} ORDER BY {(deviceId is null ? "id" : "message_id")} DESC LIMIT @limit", filter);
    }

    public async Task<IReadOnlyList<OutboxMessage>> NewestOfDevicesAsync(IReadOnlyList<ulong> deviceIds, int perDevice, CancellationToken cancellationToken) =>
        deviceIds.Count == 0
            ? []
            : await session.QueryAsync(
                NewestOfDevicesSql(session.Dialect),
                [("@device_ids", session.Dialect.IdsValue([.. deviceIds.Select(SqlValues.Id)])), ("@per_device", (long)perDevice)], Read, cancellationToken);

    /// <summary>
    /// Read for every batch of KeyReports (two a rotation), so it must not grow with a device's history: each device's
    /// messages are read off the end of its (device_id, message_id) key from its per_device-th newest message id on,
    /// as many as asked for. A device's message ids rise in the order its messages are stored, as their numbers do.
    /// </summary>
    internal static string NewestOfDevicesSql(SqlDialect dialect) =>
        $"""
        SELECT {Columns} FROM outbox WHERE id IN (
            SELECT o.id FROM {dialect.IdsTable("@device_ids", "d")} JOIN outbox AS o ON o.device_id = d.value
            AND o.message_id >= coalesce(
                (SELECT n.message_id FROM outbox AS n WHERE n.device_id = d.value ORDER BY n.message_id DESC LIMIT 1 OFFSET @per_device - 1), 0))
        ORDER BY device_id, message_id DESC
        """;

    /// <summary>The messages named, through their ids (never through outbox_due: most messages of a fleet may be pending).</summary>
    internal static string CancelPendingByIdsSql(SqlDialect dialect) =>
        $"UPDATE outbox SET state = @cancelled WHERE {dialect.InIds("id", "@ids")} AND {dialect.MostRowsMeet("state = @pending")}";

    /// <summary>The device's messages, through its messages' unique key.</summary>
    internal static string CancelPendingOfDeviceSql(SqlDialect dialect) =>
        $"UPDATE outbox SET state = @cancelled WHERE device_id = @device_id AND {dialect.MostRowsMeet("state = @pending")}";

    public Task<int> CancelPendingAsync(IReadOnlyList<long> ids, CancellationToken cancellationToken) =>
        ids.Count == 0
            ? Task.FromResult(0)
            : session.ExecuteAsync(
                CancelPendingByIdsSql(session.Dialect),
                [("@ids", session.Dialect.IdsValue(ids)), ("@cancelled", (long)OutboxState.Cancelled), Pending], cancellationToken);

    public Task<int> CancelPendingAsync(ulong deviceId, CancellationToken cancellationToken) =>
        session.ExecuteAsync(
            CancelPendingOfDeviceSql(session.Dialect),
            [("@device_id", SqlValues.Id(deviceId)), ("@cancelled", (long)OutboxState.Cancelled), Pending], cancellationToken);

    public async Task<DateTimeOffset?> NextDueAsync(DateTimeOffset now, DateTimeOffset resendsDueBy, CancellationToken cancellationToken) =>
        await session.ScalarAsync(
            NextDueSql,
            [("@now", SqlValues.Time(now)), ("@resends_due_by", SqlValues.Time(resendsDueBy))], cancellationToken) is { } due
            ? DateTimeOffset.FromUnixTimeMilliseconds(Convert.ToInt64(due))
            : null;

    public async Task<OutboxDepth> PendingDepthAsync(CancellationToken cancellationToken)
    {
        var rows = await session.QueryAsync(
            PendingDepthSql, [],
            row => new OutboxDepth(row.GetInt(0), row.GetTimeOrNull(1)), cancellationToken);
        return rows[0];
    }

    private static StoreConflictException Taken(OutboxMessage message) =>
        new($"Device {message.DeviceId} already has a down message {message.MessageId}.");

    /// <summary>What changes of a message once it is queued: the rest (device, message id, type, frame, ack timeout, creation, rotation) never does.</summary>
    private static (string Name, object? Value)[] Changing(OutboxMessage message) =>
    [
        ("@id", message.Id),
        ("@state", (long)message.State),
        ("@attempts", (long)message.Attempts),
        ("@max_attempts", (long)message.MaxAttempts),
        ("@next_attempt_at", SqlValues.Time(message.NextAttemptAt)),
        ("@last_attempt_at", SqlValues.Time(message.LastAttemptAt)),
        ("@acked_at", SqlValues.Time(message.AckedAt)),
        ("@ack_status", (long?)message.AckStatus),
    ];

    private static (string Name, object? Value)[] Arguments(OutboxMessage message, bool numbered) =>
    [
        .. numbered ? [("@id", (object?)message.Id)] : Array.Empty<(string, object?)>(),
        ("@device_id", SqlValues.Id(message.DeviceId)),
        ("@message_id", (long)message.MessageId),
        ("@type", (long)message.Type),
        ("@frame", message.Frame),
        ("@state", (long)message.State),
        ("@attempts", (long)message.Attempts),
        ("@max_attempts", (long)message.MaxAttempts),
        ("@ack_timeout_ms", SqlValues.Duration(message.AckTimeout)),
        ("@next_attempt_at", SqlValues.Time(message.NextAttemptAt)),
        ("@created_at", SqlValues.Time(message.CreatedAt)),
        ("@last_attempt_at", SqlValues.Time(message.LastAttemptAt)),
        ("@acked_at", SqlValues.Time(message.AckedAt)),
        ("@ack_status", (long?)message.AckStatus),
        ("@rotation_id", message.RotationId),
    ];

    private static OutboxMessage Read(DbDataReader row) => new(
        row.GetInt64(0),
        row.GetId(1),
        row.GetUInt32(2),
        (MessageType)row.GetInt64(3),
        row.GetBlob(4),
        (OutboxState)row.GetInt64(5),
        row.GetInt(6),
        row.GetInt(7),
        row.GetDuration(8),
        row.GetTime(9),
        row.GetTime(10),
        row.GetTimeOrNull(11),
        row.GetTimeOrNull(12),
        row.GetInt64OrNull(13) is { } status ? (AckStatus)status : null,
        row.GetInt64OrNull(14));
}
