using System.Buffers.Binary;
using System.Data.Common;
using ShareKey.KeyService.Storage;
using ShareKey.KeyService.Storage.Sql;
using ShareKey.Protocol.Messages;

namespace ShareKey.KeyService.Devices;

internal sealed class SqlDeviceReportTable(SqlStoreSession session) : IDeviceReportTable
{
    private const string ReportColumns = "device_id, active_epoch, backup_epoch, bulletin_sequence, device_time, uses, received_at";
    private const string EventColumns = "id, device_id, kind, device_time, key_id, detail, value, received_at";

    private static readonly SqlRows ReportRows = new(
        ("device_id", SqlRowType.Bigint), ("active_epoch", SqlRowType.Bigint), ("backup_epoch", SqlRowType.Bigint), ("bulletin_sequence", SqlRowType.Bigint),
        ("device_time", SqlRowType.Bigint), ("uses", SqlRowType.Bytea), ("received_at", SqlRowType.Bigint));

    public Task SaveKeyReportAsync(DeviceKeyReport report, CancellationToken cancellationToken) =>
        SaveKeyReportsAsync([report], cancellationToken);

    public async Task SaveKeyReportsAsync(IReadOnlyList<DeviceKeyReport> reports, CancellationToken cancellationToken)
    {
        var rows = reports.Select(report => new (string, object?)[]
        {
            ("@device_id", SqlValues.Id(report.DeviceId)),
            ("@active_epoch", (long)report.ActiveEpoch),
            ("@backup_epoch", (long)report.BackupEpoch),
            ("@bulletin_sequence", (long)report.BulletinSequence),
            ("@device_time", (long)report.DeviceTime),
            ("@uses", PackUses(report.Uses)),
            ("@received_at", SqlValues.Time(report.ReceivedAt)),
        }).ToList();
        const string Replace = """
            ON CONFLICT (device_id) DO UPDATE SET active_epoch = excluded.active_epoch, backup_epoch = excluded.backup_epoch,
                bulletin_sequence = excluded.bulletin_sequence, device_time = excluded.device_time, uses = excluded.uses,
                received_at = excluded.received_at
            """;
        if (session.Dialect.TakesRowArrays)
        {
            await session.EachRowAsync(
                $"""
                INSERT INTO key_reports ({ReportColumns})
                SELECT {ReportColumns} FROM {ReportRows.From("v")}
                {Replace}
                RETURNING device_id
                """,
                ReportRows, rows, i => reports[i].DeviceId, row => (row.GetId(0), 0L), cancellationToken);
            return;
        }

        await session.ExecuteEachAsync(
            $"""
            INSERT INTO key_reports ({ReportColumns})
            VALUES (@device_id, @active_epoch, @backup_epoch, @bulletin_sequence, @device_time, @uses, @received_at)
            {Replace}
            """,
            rows, cancellationToken);
    }

    public async Task<DeviceKeyReport?> KeyReportAsync(ulong deviceId, CancellationToken cancellationToken) =>
        (await KeyReportsAsync([deviceId], cancellationToken)).SingleOrDefault();

    public async Task<IReadOnlyList<DeviceKeyReport>> KeyReportsAsync(IReadOnlyList<ulong> deviceIds, CancellationToken cancellationToken) =>
        deviceIds.Count == 0
            ? []
            : await session.QueryAsync(
                $"SELECT {ReportColumns} FROM key_reports WHERE {session.Dialect.InIds("device_id", "@device_ids")}",
                [("@device_ids", session.Dialect.IdsValue([.. deviceIds.Select(SqlValues.Id)]))],
                row => new DeviceKeyReport(
                    row.GetId(0), row.GetUInt32(1), row.GetUInt32(2), row.GetUInt32(3), row.GetUInt32(4),
                    UnpackUses(row.GetBlob(5)), row.GetTime(6)),
                cancellationToken);

    public Task AddEventsAsync(IReadOnlyList<DeviceEvent> events, CancellationToken cancellationToken) =>
        session.ExecuteEachAsync(
            """
            INSERT INTO device_events (device_id, kind, device_time, key_id, detail, value, received_at, notify_pending)
            VALUES (@device_id, @kind, @device_time, @key_id, @detail, @value, @received_at, @notify_pending)
            """,
            [.. events.Select(e => new (string, object?)[]
            {
                ("@device_id", SqlValues.Id(e.DeviceId)),
                ("@kind", (long)e.Kind),
                ("@device_time", (long)e.DeviceTime),
                ("@key_id", SqlValues.Id(e.KeyId)),
                ("@detail", (long)e.Detail),
                ("@value", (long)e.Value),
                ("@received_at", SqlValues.Time(e.ReceivedAt)),
                // Stored read already when no notification can come of it: the pipeline never reads or marks it.
                ("@notify_pending", DeviceEventNotice.IsPending(e.Kind, e.Detail) ? 1L : 0L),
            })],
            cancellationToken);

    /// <summary>Newest by receipt; events received together keep the order they were added in, newest last added first.</summary>
    public async Task<IReadOnlyList<DeviceEvent>> EventsAsync(ulong deviceId, int limit, CancellationToken cancellationToken) =>
        await session.QueryAsync(
            $"SELECT {EventColumns} FROM device_events WHERE device_id = @device_id ORDER BY received_at DESC, id DESC LIMIT @limit",
            [("@device_id", SqlValues.Id(deviceId)), ("@limit", (long)limit)],
            ReadEvent,
            cancellationToken);

    private static DeviceEvent ReadEvent(DbDataReader row) => new(
        row.GetInt64(0), row.GetId(1), (EventKind)row.GetInt64(2), row.GetUInt32(3), row.GetId(4),
        checked((byte)row.GetInt64(5)), checked((short)row.GetInt64(6)), row.GetTime(7));

    /// <summary>A KeyReport's use counts as one blob of (8-byte key id, 2-byte count), big-endian; the report is only ever read whole.</summary>
    private static byte[] PackUses(IReadOnlyList<KeyUseCount> uses)
    {
        var blob = new byte[uses.Count * 10];
        for (var i = 0; i < uses.Count; i++)
        {
            BinaryPrimitives.WriteUInt64BigEndian(blob.AsSpan(i * 10), uses[i].KeyId);
            BinaryPrimitives.WriteUInt16BigEndian(blob.AsSpan(i * 10 + 8), uses[i].Uses);
        }

        return blob;
    }

    private static KeyUseCount[] UnpackUses(byte[] blob)
    {
        var uses = new KeyUseCount[blob.Length / 10];
        for (var i = 0; i < uses.Length; i++)
        {
            uses[i] = new KeyUseCount(
                BinaryPrimitives.ReadUInt64BigEndian(blob.AsSpan(i * 10)),
                BinaryPrimitives.ReadUInt16BigEndian(blob.AsSpan(i * 10 + 8)));
        }

        return uses;
    }
}
