namespace ShareKey.KeyService.Users;

public interface IApiTokenTable
{
    /// <summary>Stores a token's hash and its expiry (null: none); returns the row id.</summary>
    Task<long> InsertAsync(ulong userId, string name, byte[] hash, DateTimeOffset createdAt, DateTimeOffset? expiresAt, CancellationToken cancellationToken);

    /// <summary>
    /// For each hash, the token with this hash if it is not revoked (expired or not), with its user as
    /// stored now (disabled or not); else null. One statement for them all on PostgreSQL.
    /// </summary>
    Task<IReadOnlyList<ActiveApiToken?>> FindActiveByHashesAsync(IReadOnlyList<byte[]> hashes, CancellationToken cancellationToken);

    Task<IReadOnlyList<ApiToken>> ListForUserAsync(ulong userId, CancellationToken cancellationToken);

    /// <summary>Returns false when there is no such active token.</summary>
    Task<bool> RevokeAsync(long id, DateTimeOffset revokedAt, CancellationToken cancellationToken);
}
