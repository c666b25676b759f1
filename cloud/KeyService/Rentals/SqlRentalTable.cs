using System.Data.Common;
using ShareKey.KeyService.Storage;
using ShareKey.KeyService.Storage.Sql;

namespace ShareKey.KeyService.Rentals;

internal sealed class SqlRentalTable(SqlStoreSession session) : IRentalTable
{
    private const string Columns = "id, device_id, user_id, key_id, starts_at, ends_at, state, returned_at, rotation_id";
    private const string Newest = "ORDER BY starts_at DESC, id DESC";

    // The WHERE of rentals_active_device and rentals_active_user (SqlMigrations, "active rentals found without the rest").
    private static readonly string IsActive = $"state = {(long)RentalState.Active}";

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
        session.QuerySingleAsync(ActiveForDeviceSql, [("@device_id", SqlValues.Id(deviceId))], Read, cancellationToken);

    /// <summary>Through rentals_active_device: the car's one rental under way, not every rental it ever had.</summary>
    internal static readonly string ActiveForDeviceSql = $"SELECT {Columns} FROM rentals WHERE device_id = @device_id AND {IsActive} {Newest} LIMIT 1";

    public async Task<IReadOnlyList<Rental>> ActiveOfUserAsync(ulong userId, CancellationToken cancellationToken) =>
        await session.QueryAsync(ActiveOfUserSql, [("@user_id", SqlValues.Id(userId))], Read, cancellationToken);

    /// <summary>
    /// Through rentals_active_user: the state a constant, the WHERE of that partial index. Sorted by an expression
    /// (+starts_at), which no index yields in order: SQLite would otherwise walk rentals_user, every rental the user ever
    /// had, for its order.
    /// </summary>
    internal static readonly string ActiveOfUserSql = $"SELECT {Columns} FROM rentals WHERE user_id = @user_id AND {IsActive} ORDER BY +starts_at DESC, id DESC";

    public async Task<IReadOnlyList<Rental>> PageAsync(ulong? userId, RentalState? state, Rental? before, int limit, CancellationToken cancellationToken)
    {
        var (sql, filter) = Page(userId, state, before);
        return await session.QueryAsync(sql, filter.Arguments(("@limit", (long)limit)), Read, cancellationToken);
    }

    /// <summary>Newest first by (starts_at, id), which rentals_user holds for each user and rentals_starts for all.</summary>
    private static readonly SqlKeyset NewestFirst = new("starts_at", NewestFirst: true);

    /// <summary>The state as a constant: a renter's active rentals are then found through rentals_active_user, among the few.</summary>
    internal static (string Sql, SqlFilter Filter) Page(ulong? userId, RentalState? state, Rental? before)
    {
        var filter = new SqlFilter().IdIfGiven("user_id", userId);
        if (state is { } given)
        {
            filter.Add($"state = {(long)given}");
        }

        return NewestFirst.Page($"SELECT {Columns} FROM rentals", filter, before is null ? null : (before.StartsAt, before.Id));
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
