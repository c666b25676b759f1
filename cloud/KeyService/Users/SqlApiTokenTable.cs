using System.Data.Common;
using ShareKey.KeyService.Storage;
using ShareKey.KeyService.Storage.Sql;

namespace ShareKey.KeyService.Users;

internal sealed class SqlApiTokenTable(SqlStoreSession session) : IApiTokenTable
{
    private const string Columns = "id, user_id, name, hash, created_at, revoked_at, expires_at";

    public async Task<long> InsertAsync(ulong userId, string name, byte[] hash, DateTimeOffset createdAt, DateTimeOffset? expiresAt, CancellationToken cancellationToken)
    {
        var id = await session.ScalarAsync(
            "INSERT INTO api_tokens (user_id, name, hash, created_at, expires_at) VALUES (@user_id, @name, @hash, @created_at, @expires_at) ON CONFLICT DO NOTHING RETURNING id",
            [("@user_id", SqlValues.Id(userId)), ("@name", name), ("@hash", hash), ("@created_at", SqlValues.Time(createdAt)), ("@expires_at", SqlValues.Time(expiresAt))],
            cancellationToken);
        return id is null
            ? throw new StoreConflictException("An API token with this hash exists.")
            : Convert.ToInt64(id);
    }

    public async Task<IReadOnlyList<ActiveApiToken?>> FindActiveByHashesAsync(IReadOnlyList<byte[]> hashes, CancellationToken cancellationToken)
    {
        // Token and user in one statement: every request is checked, and on PostgreSQL each statement is a round trip.
        if (hashes.Count > 1 && session.Dialect.TakesRowArrays)
        {
            var found = (await session.QueryAsync(ActiveWhere("t.hash = ANY(@hashes)"), [("@hashes", hashes.ToArray())], ReadActive, cancellationToken))
                .ToDictionary(active => Convert.ToHexString(active.Token.Hash));
            return [.. hashes.Select(hash => found.GetValueOrDefault(Convert.ToHexString(hash)))];
        }

        // One at a time, on the plain statement: one hash needs no array, and SQLite has no round trips to save.
        var each = new List<ActiveApiToken?>(hashes.Count);
        foreach (var hash in hashes)
        {
            each.Add(await session.QuerySingleAsync(ActiveWhere("t.hash = @hash"), [("@hash", hash)], ReadActive, cancellationToken));
        }

        return each;
    }

    private static string ActiveWhere(string condition) =>
        $"""
        SELECT t.id, t.user_id, t.name, t.hash, t.created_at, t.revoked_at, t.expires_at, {SqlUserTable.ReadColumnsOf("u")}
        FROM api_tokens t JOIN users u ON u.id = t.user_id
        WHERE {condition} AND t.revoked_at IS NULL
        """;

    private static ActiveApiToken ReadActive(DbDataReader row) => new(Read(row), SqlUserTable.Read(row, first: 7));

    public async Task<IReadOnlyList<ApiToken>> ListForUserAsync(ulong userId, CancellationToken cancellationToken) =>
        await session.QueryAsync(
            $"SELECT {Columns} FROM api_tokens WHERE user_id = @user_id ORDER BY created_at, id",
            [("@user_id", SqlValues.Id(userId))], Read, cancellationToken);

    public async Task<bool> RevokeAsync(long id, DateTimeOffset revokedAt, CancellationToken cancellationToken) =>
        await session.ExecuteAsync(
            "UPDATE api_tokens SET revoked_at = @revoked_at WHERE id = @id AND revoked_at IS NULL",
            [("@id", id), ("@revoked_at", SqlValues.Time(revokedAt))], cancellationToken) == 1;

    private static ApiToken Read(DbDataReader row) =>
        new(row.GetInt64(0), row.GetId(1), row.GetString(2), row.GetBlob(3), row.GetTime(4), row.GetTimeOrNull(5), row.GetTimeOrNull(6));
}
