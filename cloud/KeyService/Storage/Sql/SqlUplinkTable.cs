using ShareKey.Protocol.Messages;

namespace ShareKey.KeyService.Storage.Sql;

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
}
