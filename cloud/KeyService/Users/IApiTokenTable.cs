namespace ShareKey.KeyService.Users;

public interface IApiTokenTable
{
    /// <summary>Stores a token's hash and its expiry (null: none); returns the row id.</summary>
    Task<long> InsertAsync(ulong userId, string name, byte[] hash, DateTimeOffset createdAt, DateTimeOffset? expiresAt, CancellationToken cancellationToken);

    /// <summary>
    /// The token with this hash if it is not revoked (expired or not), with its user as stored now
    /// (disabled or not), read in one statement; else null.
    /// </summary>
    Task<ActiveApiToken?> FindActiveByHashAsync(byte[] hash, CancellationToken cancellationToken);

    Task<IReadOnlyList<ApiToken>> ListForUserAsync(ulong userId, CancellationToken cancellationToken);

    /// <summary>Returns false when there is no such active token.</summary>
    Task<bool> RevokeAsync(long id, DateTimeOffset revokedAt, CancellationToken cancellationToken);
}
