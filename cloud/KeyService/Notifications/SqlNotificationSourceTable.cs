using ShareKey.KeyService.Audit;
using ShareKey.KeyService.Devices;
using ShareKey.KeyService.Storage;
using ShareKey.KeyService.Storage.Sql;
using ShareKey.Protocol.Messages;

namespace ShareKey.KeyService.Notifications;

internal sealed class SqlNotificationSourceTable(SqlStoreSession session) : INotificationSourceTable
{
    public Task LockPipelineAsync(CancellationToken cancellationToken) =>
        // An update takes the row lock in both databases (SQLite's session holds the write lock anyway).
        session.ExecuteAsync("UPDATE notification_pipeline SET runs = runs + 1 WHERE id = 1", [], cancellationToken);

    public async Task<IReadOnlyList<AuditEntry>> PendingAuditAsync(int limit, CancellationToken cancellationToken) =>
        await session.QueryAsync(
            "SELECT id, at, actor, action, target, result, detail FROM audit WHERE notify_pending = 1 ORDER BY id LIMIT @limit",
            [("@limit", (long)limit)],
            row => new AuditEntry(row.GetInt64(0), row.GetTime(1), row.GetString(2), row.GetString(3), row.GetString(4), row.GetString(5), row.GetString(6)),
            cancellationToken);

    public async Task<IReadOnlyList<DeviceEvent>> PendingEventsAsync(int limit, CancellationToken cancellationToken) =>
        await session.QueryAsync(
            "SELECT id, device_id, kind, device_time, key_id, detail, value, received_at FROM device_events WHERE notify_pending = 1 ORDER BY id LIMIT @limit",
            [("@limit", (long)limit)],
            row => new DeviceEvent(
                row.GetInt64(0), row.GetId(1), (EventKind)row.GetInt64(2), row.GetUInt32(3), row.GetId(4),
                checked((byte)row.GetInt64(5)), checked((short)row.GetInt64(6)), row.GetTime(7)),
            cancellationToken);

    public async Task MarkReadAsync(IReadOnlyList<long> auditIds, IReadOnlyList<long> eventIds, CancellationToken cancellationToken)
    {
        if (auditIds.Count > 0)
        {
            await session.ExecuteAsync(
                $"UPDATE audit SET notify_pending = 0 WHERE {session.Dialect.InIds("id", "@ids")}",
                [("@ids", session.Dialect.IdsValue(auditIds))],
                cancellationToken);
        }

        if (eventIds.Count > 0)
        {
            await session.ExecuteAsync(
                $"UPDATE device_events SET notify_pending = 0 WHERE {session.Dialect.InIds("id", "@ids")}",
                [("@ids", session.Dialect.IdsValue(eventIds))],
                cancellationToken);
        }
    }

    public async Task<IReadOnlyList<(ulong DeviceId, DateTimeOffset LastSeenAt)>> UnreportedSilencesAsync(DateTimeOffset seenBefore, int limit, CancellationToken cancellationToken) =>
        await session.QueryAsync(
            """
            SELECT d.id, d.last_seen_at FROM devices d LEFT JOIN device_silences s ON s.device_id = d.id
            WHERE d.state = @active AND d.last_seen_at < @before AND (s.last_seen_at IS NULL OR s.last_seen_at <> d.last_seen_at)
            ORDER BY d.last_seen_at LIMIT @limit
            """,
            [("@active", (long)DeviceState.Active), ("@before", SqlValues.Time(seenBefore)), ("@limit", (long)limit)],
            row => (row.GetId(0), row.GetTime(1)),
            cancellationToken);

    public Task RecordSilenceAsync(ulong deviceId, DateTimeOffset lastSeenAt, DateTimeOffset reportedAt, CancellationToken cancellationToken) =>
        session.ExecuteAsync(
            """
            INSERT INTO device_silences (device_id, last_seen_at, reported_at) VALUES (@device_id, @last_seen_at, @reported_at)
            ON CONFLICT (device_id) DO UPDATE SET last_seen_at = excluded.last_seen_at, reported_at = excluded.reported_at
            """,
            [("@device_id", SqlValues.Id(deviceId)), ("@last_seen_at", SqlValues.Time(lastSeenAt)), ("@reported_at", SqlValues.Time(reportedAt))],
            cancellationToken);
}
