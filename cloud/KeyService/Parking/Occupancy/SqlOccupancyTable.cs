using System.Data.Common;
using ShareKey.KeyService.Storage;
using ShareKey.KeyService.Storage.Sql;

namespace ShareKey.KeyService.Parking.Occupancy;

internal sealed class SqlOccupancyTable(SqlStoreSession session) : IOccupancyTable
{
    private const string Columns = "id, space_id, device_id, occupied, reason, device_time, received_at";

    public async Task AddAsync(IReadOnlyList<OccupancyRecord> records, CancellationToken cancellationToken)
    {
        foreach (var record in records)
        {
            await session.ExecuteAsync(
                """
                INSERT INTO space_occupancy (space_id, device_id, occupied, reason, device_time, received_at)
                VALUES (@space_id, @device_id, @occupied, @reason, @device_time, @received_at)
                """,
                [
                    ("@space_id", SqlValues.Id(record.SpaceId)),
                    ("@device_id", SqlValues.Id(record.DeviceId)),
                    ("@occupied", record.Occupied ? 1L : 0L),
                    ("@reason", (long)record.Reason),
                    ("@device_time", (long)record.DeviceTime),
                    ("@received_at", SqlValues.Time(record.ReceivedAt)),
                ],
                cancellationToken);
        }
    }

    public async Task<IReadOnlyList<OccupancyRecord>> HistoryAsync(ulong spaceId, int limit, CancellationToken cancellationToken) =>
        await session.QueryAsync(
            $"SELECT {Columns} FROM space_occupancy WHERE space_id = @space_id ORDER BY id DESC LIMIT @limit",
            [("@space_id", SqlValues.Id(spaceId)), ("@limit", (long)limit)],
            Read,
            cancellationToken);

    public Task<OccupancyRecord?> FirstOccupiedAsync(ulong spaceId, uint fromDeviceTime, uint untilDeviceTime, CancellationToken cancellationToken) =>
        session.QuerySingleAsync(
            $"""
            SELECT {Columns} FROM space_occupancy
            WHERE space_id = @space_id AND occupied = 1 AND device_time BETWEEN @from AND @until
            ORDER BY device_time, id LIMIT 1
            """,
            [("@space_id", SqlValues.Id(spaceId)), ("@from", (long)fromDeviceTime), ("@until", (long)untilDeviceTime)],
            Read,
            cancellationToken);

    public async Task<bool> ReportedSinceAsync(ulong spaceId, uint deviceTime, CancellationToken cancellationToken) =>
        (await session.QueryAsync(
            "SELECT id FROM space_occupancy WHERE space_id = @space_id AND device_time >= @since LIMIT 1",
            [("@space_id", SqlValues.Id(spaceId)), ("@since", (long)deviceTime)],
            row => row.GetInt64(0),
            cancellationToken)).Count > 0;

    private static OccupancyRecord Read(DbDataReader row) => new(
        row.GetInt64(0), row.GetId(1), row.GetId(2), row.GetInt64(3) == 1, (OccupancyReason)row.GetInt64(4), row.GetUInt32(5), row.GetTime(6));
}
