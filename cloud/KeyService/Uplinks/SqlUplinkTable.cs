using ShareKey.KeyService.Storage;
using ShareKey.KeyService.Storage.Sql;
using ShareKey.Protocol.Messages;

namespace ShareKey.KeyService.Uplinks;

internal sealed class SqlUplinkTable(SqlStoreSession session) : IUplinkTable
{
    private static readonly SqlRows Rows = new(
        ("device_id", SqlRowType.Bigint), ("message_id", SqlRowType.Bigint), ("type", SqlRowType.Bigint), ("received_at", SqlRowType.Bigint));

    public async Task<bool> TryRecordAsync(ulong deviceId, uint messageId, MessageType type, DateTimeOffset receivedAt, CancellationToken cancellationToken) =>
        (await TryRecordAsync([new HandledUplink(deviceId, messageId, type, receivedAt)], cancellationToken))[0];

    /// <summary>
    /// ON CONFLICT DO NOTHING makes a racing second insert wait for the first transaction: after its
    /// commit it inserts nothing (false), after its rollback it inserts (true). An uplink twice in one
    /// batch is new at most the first time, as one after the other.
    /// </summary>
    public async Task<IReadOnlyList<bool>> TryRecordAsync(IReadOnlyList<HandledUplink> uplinks, CancellationToken cancellationToken)
    {
        var rows = uplinks.Select(uplink => new (string, object?)[]
        {
            ("@device_id", SqlValues.Id(uplink.DeviceId)), ("@message_id", (long)uplink.MessageId), ("@type", (long)uplink.Type), ("@received_at", SqlValues.Time(uplink.ReceivedAt)),
        }).ToList();
        if (!session.Dialect.TakesRowArrays)
        {
            return [.. (await session.ExecuteEachAsync(
                """
                INSERT INTO uplinks (device_id, message_id, type, received_at) VALUES (@device_id, @message_id, @type, @received_at)
                ON CONFLICT DO NOTHING
                """,
                rows, cancellationToken)).Select(inserted => inserted == 1)];
        }

        if (uplinks.Count == 0)
        {
            return [];
        }

        // The statement returns the keys it inserted: each copy but the first is not new.
        var (sent, sentFor) = SqlRows.OnePerKey(uplinks.Count, i => (uplinks[i].DeviceId, uplinks[i].MessageId), keepLast: false);
        var inserted = (await session.QueryAsync(
            $"""
            INSERT INTO uplinks (device_id, message_id, type, received_at)
            SELECT device_id, message_id, type, received_at FROM {Rows.From("v")}
            ON CONFLICT DO NOTHING
            RETURNING device_id, message_id
            """,
            Rows.Arguments([.. sent.Select(i => rows[i])]), row => (row.GetId(0), row.GetUInt32(1)), cancellationToken)).ToHashSet();
        return [.. uplinks.Select((uplink, i) => sentFor[(uplink.DeviceId, uplink.MessageId)] == i && inserted.Contains((uplink.DeviceId, uplink.MessageId)))];
    }

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
