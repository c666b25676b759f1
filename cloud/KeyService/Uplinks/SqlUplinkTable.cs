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
    /// commit it inserts nothing (false), after its rollback it inserts (true).
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

        return [.. (await session.EachRowAsync(
            $"""
            INSERT INTO uplinks (device_id, message_id, type, received_at)
            SELECT device_id, message_id, type, received_at FROM {Rows.From("v")}
            ON CONFLICT DO NOTHING
            RETURNING device_id, message_id
            """,
            Rows, rows, i => (uplinks[i].DeviceId, uplinks[i].MessageId), row => ((row.GetId(0), row.GetUInt32(1)), 0L), cancellationToken))
            .Select(inserted => inserted is not null)];
    }

    public async Task<int> PruneAsync(DateTimeOffset receivedBefore, int keepPerDevice, CancellationToken cancellationToken) =>
        await session.ExecuteAsync(
            """
            DELETE FROM uplinks
            WHERE received_at < @received_before AND (device_id, message_id) IN (
                SELECT device_id, message_id FROM (
                    SELECT device_id, message_id,
                        ROW_NUMBER() OVER (PARTITION BY device_id ORDER BY message_id DESC) AS newer_or_same
                    FROM uplinks) AS ranked
                WHERE newer_or_same > @keep_per_device)
            """,
            [("@received_before", SqlValues.Time(receivedBefore)), ("@keep_per_device", (long)keepPerDevice)],
            cancellationToken);
}
