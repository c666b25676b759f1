using System.Data.Common;
using ShareKey.KeyService.Auth;
using ShareKey.KeyService.Storage;
using ShareKey.KeyService.Storage.Sql;

namespace ShareKey.KeyService.Users;

internal sealed class SqlUserTable(SqlStoreSession session) : IUserTable
{
    private const string Columns = "id, name, role, created_at";
    private const string ReadColumns = Columns + ", disabled_at";

    public async Task InsertAsync(User user, CancellationToken cancellationToken)
    {
        // ON CONFLICT DO NOTHING rather than catching the violation: the session stays usable on PostgreSQL.
        var inserted = await session.ExecuteAsync(
            $"INSERT INTO users ({Columns}) VALUES (@id, @name, @role, @created_at) ON CONFLICT DO NOTHING",
            [("@id", SqlValues.Id(user.Id)), ("@name", user.Name), ("@role", (long)user.Role), ("@created_at", SqlValues.Time(user.CreatedAt))],
            cancellationToken);
        if (inserted == 0)
        {
            throw new StoreConflictException($"A user with id {user.Id} or name '{user.Name}' exists.");
        }
    }

    public Task<User?> GetAsync(ulong id, CancellationToken cancellationToken) =>
        session.QuerySingleAsync($"SELECT {ReadColumns} FROM users WHERE id = @id", [("@id", SqlValues.Id(id))], Read, cancellationToken);

    public Task<User?> FindByNameAsync(string name, CancellationToken cancellationToken) =>
        session.QuerySingleAsync($"SELECT {ReadColumns} FROM users WHERE name = @name", [("@name", name)], Read, cancellationToken);

    public async Task<IReadOnlyList<User>> ListAsync(CancellationToken cancellationToken) =>
        await session.QueryAsync($"SELECT {ReadColumns} FROM users ORDER BY name", [], Read, cancellationToken);

    public async Task<int> CountOperatorsAsync(CancellationToken cancellationToken) =>
        Convert.ToInt32(await session.ScalarAsync(
            "SELECT count(*) FROM users WHERE role = @role", [("@role", (long)UserRole.Operator)], cancellationToken));

    public async Task<bool> SetDisabledAsync(ulong id, DateTimeOffset? disabledAt, CancellationToken cancellationToken) =>
        await session.ExecuteAsync(
            "UPDATE users SET disabled_at = @disabled_at WHERE id = @id",
            [("@id", SqlValues.Id(id)), ("@disabled_at", SqlValues.Time(disabledAt))], cancellationToken) == 1;

    private static User Read(DbDataReader row) =>
        new(row.GetId(0), row.GetString(1), (UserRole)row.GetInt64(2), row.GetTime(3), row.GetTimeOrNull(4));
}
