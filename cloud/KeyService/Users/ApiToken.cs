namespace ShareKey.KeyService.Users;

/// <summary>
/// An API token as stored: only its SHA-256 hash, so a copy of the database does not let anyone
/// call the API. The token itself is shown once, when it is created. From <see cref="ExpiresAt"/> on
/// (when set) it is refused.
/// </summary>
public sealed record ApiToken(long Id, ulong UserId, string Name, byte[] Hash, DateTimeOffset CreatedAt, DateTimeOffset? RevokedAt, DateTimeOffset? ExpiresAt = null);

/// <summary>A token not revoked, and the user it belongs to, for the check of every request.</summary>
public sealed record ActiveApiToken(ApiToken Token, User User);
