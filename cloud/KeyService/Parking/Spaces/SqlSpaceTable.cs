using System.Data.Common;
using ShareKey.KeyService.Storage;
using ShareKey.KeyService.Storage.Sql;

namespace ShareKey.KeyService.Parking.Spaces;

internal sealed class SqlSpaceTable(SqlStoreSession session) : ISpaceTable
{
    private const string Columns = "id, garage_id, space_id, level, device_id, max_reservation_ms, booking_horizon_ms, cancel_hold_ms, grace_ms, no_show_ms, created_at";

    public async Task InsertAsync(ParkingSpace space, CancellationToken cancellationToken)
    {
        var inserted = await session.ExecuteAsync(
            $"""
            INSERT INTO spaces ({Columns})
            VALUES (@id, @garage_id, @space_id, @level, @device_id, @max_reservation_ms, @booking_horizon_ms, @cancel_hold_ms, @grace_ms, @no_show_ms, @created_at)
            ON CONFLICT DO NOTHING
            """,
            [
                ("@id", SqlValues.Id(space.Id)),
                ("@garage_id", SqlValues.Id(space.GarageId)),
                ("@space_id", space.SpaceId),
                ("@level", (long)space.Level),
                ("@device_id", SqlValues.Id(space.DeviceId)),
                .. RuleArguments(space.Rules),
                ("@created_at", SqlValues.Time(space.CreatedAt)),
            ],
            cancellationToken);
        if (inserted == 0)
        {
            throw new StoreConflictException($"Space {space.Id:x16}, the label '{space.SpaceId}' in its garage, or lock {space.DeviceId:x16} is taken.");
        }
    }

    public Task<ParkingSpace?> GetAsync(ulong id, CancellationToken cancellationToken) =>
        session.QuerySingleAsync($"SELECT {Columns} FROM spaces WHERE id = @id", [("@id", SqlValues.Id(id))], Read, cancellationToken);

    public Task<ParkingSpace?> ForDeviceAsync(ulong deviceId, CancellationToken cancellationToken) =>
        session.QuerySingleAsync($"SELECT {Columns} FROM spaces WHERE device_id = @device_id", [("@device_id", SqlValues.Id(deviceId))], Read, cancellationToken);

    public async Task<IReadOnlyList<ParkingSpace>> ListAsync(ulong? garageId, CancellationToken cancellationToken)
    {
        var filter = new SqlFilter().IdIfGiven("garage_id", garageId);
        return await session.QueryAsync($"SELECT {Columns} FROM spaces{filter.Where} ORDER BY garage_id, level, space_id", filter.Arguments(), Read, cancellationToken);
    }

    public async Task<bool> UpdateRulesAsync(ulong id, SpaceRules rules, CancellationToken cancellationToken) =>
        await session.ExecuteAsync(
            """
            UPDATE spaces SET max_reservation_ms = @max_reservation_ms, booking_horizon_ms = @booking_horizon_ms,
                cancel_hold_ms = @cancel_hold_ms, grace_ms = @grace_ms, no_show_ms = @no_show_ms
            WHERE id = @id
            """,
            [("@id", SqlValues.Id(id)), .. RuleArguments(rules)],
            cancellationToken) == 1;

    private static (string Name, object? Value)[] RuleArguments(SpaceRules rules) =>
    [
        ("@max_reservation_ms", SqlValues.Duration(rules.MaxReservation)),
        ("@booking_horizon_ms", SqlValues.Duration(rules.BookingHorizon)),
        ("@cancel_hold_ms", SqlValues.Duration(rules.CancelHold)),
        ("@grace_ms", SqlValues.Duration(rules.Grace)),
        ("@no_show_ms", SqlValues.Duration(rules.NoShow)),
    ];

    private static ParkingSpace Read(DbDataReader row) => new(
        row.GetId(0),
        row.GetId(1),
        row.GetString(2),
        row.GetInt(3),
        row.GetId(4),
        new SpaceRules(row.GetDuration(5), row.GetDuration(6), row.GetDuration(7), row.GetDuration(8), row.GetDuration(9)),
        row.GetTime(10));
}
