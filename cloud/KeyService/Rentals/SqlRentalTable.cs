using System.Data.Common;
using ShareKey.KeyService.Storage;
using ShareKey.KeyService.Storage.Sql;

namespace ShareKey.KeyService.Rentals;

internal sealed class SqlRentalTable(SqlStoreSession session) : IRentalTable
{
    private const string Columns = "id, device_id, user_id, key_id, starts_at, ends_at, state, returned_at, rotation_id";
    private const string Newest = "ORDER BY starts_at DESC, id DESC";

    public async Task<long> InsertAsync(Rental rental, CancellationToken cancellationToken) =>
        Convert.ToInt64(await session.ScalarAsync(
            """
            INSERT INTO rentals (device_id, user_id, key_id, starts_at, ends_at, state, returned_at, rotation_id)
            VALUES (@device_id, @user_id, @key_id, @starts_at, @ends_at, @state, @returned_at, @rotation_id)
            RETURNING id
            """,
            Arguments(rental), cancellationToken));

    public Task<Rental?> GetAsync(long id, CancellationToken cancellationToken) =>
        session.QuerySingleAsync($"SELECT {Columns} FROM rentals WHERE id = @id", [("@id", id)], Read, cancellationToken);

    public Task<Rental?> ActiveForDeviceAsync(ulong deviceId, CancellationToken cancellationToken) =>
        session.QuerySingleAsync(
            $"SELECT {Columns} FROM rentals WHERE device_id = @device_id AND state = @active {Newest} LIMIT 1",
            [("@device_id", SqlValues.Id(deviceId)), ("@active", (long)RentalState.Active)], Read, cancellationToken);

    /// <summary>Newest first.</summary>
    public async Task<IReadOnlyList<Rental>> ListAsync(ulong? userId, ulong? deviceId, RentalState? state, CancellationToken cancellationToken)
    {
        var filter = new SqlFilter()
            .IdIfGiven("user_id", userId)
            .IdIfGiven("device_id", deviceId)
            .EqualIfGiven("state", (long?)state);

        return await session.QueryAsync($"SELECT {Columns} FROM rentals{filter.Where} {Newest}", filter.Arguments(), Read, cancellationToken);
    }

    public async Task<bool> UpdateAsync(Rental rental, CancellationToken cancellationToken) =>
        await session.ExecuteAsync(
            """
            UPDATE rentals SET device_id = @device_id, user_id = @user_id, key_id = @key_id, starts_at = @starts_at,
                ends_at = @ends_at, state = @state, returned_at = @returned_at, rotation_id = @rotation_id
            WHERE id = @id
            """,
            [("@id", rental.Id), .. Arguments(rental)], cancellationToken) == 1;

    private static (string Name, object? Value)[] Arguments(Rental rental) =>
    [
        ("@device_id", SqlValues.Id(rental.DeviceId)),
        ("@user_id", SqlValues.Id(rental.UserId)),
        ("@key_id", SqlValues.Id(rental.KeyId)),
        ("@starts_at", SqlValues.Time(rental.StartsAt)),
        ("@ends_at", SqlValues.Time(rental.EndsAt)),
        ("@state", (long)rental.State),
        ("@returned_at", SqlValues.Time(rental.ReturnedAt)),
        ("@rotation_id", rental.RotationId),
    ];

    private static Rental Read(DbDataReader row) => new(
        row.GetInt64(0),
        row.GetId(1),
        row.GetId(2),
        row.GetId(3),
        row.GetTime(4),
        row.GetTime(5),
        (RentalState)row.GetInt64(6),
        row.GetTimeOrNull(7),
        row.GetInt64OrNull(8));
}
