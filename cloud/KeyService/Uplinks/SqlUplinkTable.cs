using ShareKey.KeyService.Storage;
using ShareKey.KeyService.Storage.Sql;
using ShareKey.Protocol.Messages;

namespace ShareKey.KeyService.Uplinks;

internal sealed class SqlUplinkTable(SqlStoreSession session) : IUplinkTable
{
    /// <summary>
    /// ON CONFLICT DO NOTHING makes a racing second insert wait for the first transaction: after its
    /// commit it inserts nothing (false), after its rollback it inserts (true).
    /// </summary>
    public async Task<bool> TryRecordAsync(ulong deviceId, uint messageId, MessageType type, DateTimeOffset receivedAt, CancellationToken cancellationToken) =>
        await session.ExecuteAsync(
            """
            INSERT INTO uplinks (device_id, message_id, type, received_at) VALUES (@device_id, @message_id, @type, @received_at)
            ON CONFLICT DO NOTHING
            """,
            [("@device_id", SqlValues.Id(deviceId)), ("@message_id", (long)messageId), ("@type", (long)type), ("@received_at", SqlValues.Time(receivedAt))],
            cancellationToken) == 1;

    public async Task<int> PruneAsync(DateTimeOffset receivedBefore, int keepPerDevice, CancellationToken cancellationToken) =>
        await session.ExecuteAsync(
            """
            DELETE FROM uplinks
            WHERE received_at < @received_before AND (device_id, message_id) IN (
                SELECT device_id, message_id FROM (
                    SELECT device_id, message_id,
                        ROW_NUMBER() OVER (PARTITION BY device_id ORDER BY received_at DESC, message_id DESC) AS newer_or_same
                    FROM uplinks) AS ranked
                WHERE newer_or_same > @keep_per_device)
            """,
            [("@received_before", SqlValues.Time(receivedBefore)), ("@keep_per_device", (long)keepPerDevice)],
            cancellationToken);
}
