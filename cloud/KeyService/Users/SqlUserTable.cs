using System.Data.Common;
using ShareKey.KeyService.Auth;
using ShareKey.KeyService.Storage;
using ShareKey.KeyService.Storage.Sql;

namespace ShareKey.KeyService.Users;

internal sealed class SqlUserTable(SqlStoreSession session) : IUserTable
{
    private const string Columns = "id, name, role, created_at";
    private const string ReadColumns = Columns + ", disabled_at";

    /// <summary>How many columns <see cref="Read(DbDataReader, int)"/> reads.</summary>
    public static readonly int ReadColumnCount = ReadColumns.Split(", ").Length;

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

    public async Task<IReadOnlyList<User>> PageAsync(string? after, int limit, CancellationToken cancellationToken) =>
        await session.QueryAsync(PageSql(after is not null), [("@after", after), ("@limit", (long)limit)], Read, cancellationToken);

    internal static string PageSql(bool afterName) =>
        $"SELECT {ReadColumns} FROM users{(afterName ? " WHERE name > @after" : "")} ORDER BY name LIMIT @limit";

    public async Task<int> CountOperatorsAsync(CancellationToken cancellationToken) =>
        Convert.ToInt32(await session.ScalarAsync(CountOperatorsSql, [], cancellationToken));

    public async Task<IReadOnlyList<ulong>> OperatorIdsAsync(CancellationToken cancellationToken) =>
        await session.QueryAsync(OperatorIdsSql, [], static row => row.GetId(0), cancellationToken);

    // The role a constant, the WHERE of users_operators: a partial index a parameter cannot prove.
    private static readonly string IsOperator = $"role = {(long)UserRole.Operator}";

    internal static readonly string CountOperatorsSql = $"SELECT count(*) FROM users WHERE {IsOperator}";

    internal static readonly string OperatorIdsSql = $"SELECT id FROM users WHERE {IsOperator} ORDER BY id";

    public async Task<bool> SetDisabledAsync(ulong id, DateTimeOffset? disabledAt, CancellationToken cancellationToken) =>
        await session.ExecuteAsync(
            "UPDATE users SET disabled_at = @disabled_at WHERE id = @id",
            [("@id", SqlValues.Id(id)), ("@disabled_at", SqlValues.Time(disabledAt))], cancellationToken) == 1;

    /// <summary>The columns <see cref="Read(DbDataReader, int)"/> reads, of the users table named <paramref name="alias"/> in a join.</summary>
    public static string ReadColumnsOf(string alias) => string.Join(", ", ReadColumns.Split(", ").Select(column => $"{alias}.{column}"));

    /// <summary>A user from the row's columns <paramref name="first"/> on, in the order of <see cref="ReadColumns"/>.</summary>
    public static User Read(DbDataReader row, int first) =>
        new(row.GetId(first), row.GetString(first + 1), (UserRole)row.GetInt64(first + 2), row.GetTime(first + 3), row.GetTimeOrNull(first + 4));

    private static User Read(DbDataReader row) => Read(row, first: 0);
}
