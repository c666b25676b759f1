using ShareKey.KeyService.Api;

namespace ShareKey.KeyService.Users;

/// <summary>An API token as listed: never the token, which only its holder ever saw.</summary>
public sealed record ApiTokenDto(long Id, string UserId, string Name, DateTimeOffset CreatedAt, DateTimeOffset? RevokedAt, DateTimeOffset? ExpiresAt)
{
    public static ApiTokenDto Of(ApiToken token) => new(token.Id, Ids.Format(token.UserId), token.Name, token.CreatedAt, token.RevokedAt, token.ExpiresAt);
}
