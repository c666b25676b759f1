using ShareKey.KeyService.Api;
using ShareKey.KeyService.Audit;
using ShareKey.KeyService.Auth;
using ShareKey.KeyService.Hosting;
using ShareKey.KeyService.Problems;
using ShareKey.KeyService.Secrets;
using ShareKey.KeyService.Storage;

namespace ShareKey.KeyService.Users;

/// <summary>Users and their API tokens. A token is returned once, at creation; only its hash is kept.</summary>
public sealed class UserService(IKeyStore store, AuditLog audit, TimeProvider time)
{
    public const int MaxNameLength = 64;

    public Task<(User User, string Token)> CreateAsync(Caller caller, string name, UserRole role, CancellationToken cancellationToken)
    {
        caller.RequireOperator("create users");
        name = NameRule.Apply(name, "name");
        return audit.RunAsync(caller.Actor, "user.create", name, async session =>
        {
            if (await session.Users.FindByNameAsync(name, cancellationToken) is not null)
            {
                throw new ServiceError(ErrorCode.Conflict, $"A user named '{name}' exists already.");
            }

            var created = await CreateInSessionAsync(session, name, role, "first token", cancellationToken);
            await audit.AppendAsync(session, caller.Actor, "user.create", Ids.Format(created.User.Id), $"name={name} role={Json.Name(role)}", cancellationToken);
            return created;
        }, cancellationToken);
    }

    /// <summary>Creates a user and a first token inside an open session (also used at first start for the operator).</summary>
    public async Task<(User User, string Token)> CreateInSessionAsync(IStoreSession session, string name, UserRole role, string tokenName, CancellationToken cancellationToken)
    {
        var user = new User(Ids.NewId(), name, role, time.GetUtcNow());
        await session.Users.InsertAsync(user, cancellationToken);
        var token = ApiTokenFormat.NewToken();
        await session.ApiTokens.InsertAsync(user.Id, tokenName, ApiTokenFormat.Hash(token), time.GetUtcNow(), cancellationToken);
        return (user, token);
    }

    public Task<string> CreateTokenAsync(Caller caller, ulong userId, string tokenName, CancellationToken cancellationToken)
    {
        caller.RequireSelfOrOperator(userId, "create API tokens");
        return audit.RunAsync(caller.Actor, "token.create", Ids.Format(userId), async session =>
        {
            _ = await session.Users.GetAsync(userId, cancellationToken) ?? throw new ServiceError(ErrorCode.UserNotFound, $"No user {Ids.Format(userId)}.");
            var token = ApiTokenFormat.NewToken();
            var id = await session.ApiTokens.InsertAsync(userId, tokenName, ApiTokenFormat.Hash(token), time.GetUtcNow(), cancellationToken);
            await audit.AppendAsync(session, caller.Actor, "token.create", Ids.Format(userId), $"token={id} name={tokenName}", cancellationToken);
            return token;
        }, cancellationToken);
    }

    /// <summary>A user's API tokens (never the tokens themselves, which are not kept): the user themself or an operator.</summary>
    public async Task<IReadOnlyList<ApiToken>> ListTokensAsync(Caller caller, ulong userId, CancellationToken cancellationToken)
    {
        caller.RequireSelfOrOperator(userId, "list API tokens");
        await using var session = await store.BeginAsync(cancellationToken);
        _ = await session.Users.GetAsync(userId, cancellationToken) ?? throw new ServiceError(ErrorCode.UserNotFound, $"No user {Ids.Format(userId)}.");
        return await session.ApiTokens.ListForUserAsync(userId, cancellationToken);
    }

    /// <summary>Revokes one API token for good, so a leaked one stops working: its user or an operator.</summary>
    public Task<ApiToken> RevokeTokenAsync(Caller caller, ulong userId, long tokenId, CancellationToken cancellationToken)
    {
        return audit.RunAsync(caller.Actor, "token.revoke", Ids.Format(userId), async session =>
        {
            caller.RequireSelfOrOperator(userId, "revoke API tokens");
            var token = (await session.ApiTokens.ListForUserAsync(userId, cancellationToken)).FirstOrDefault(token => token.Id == tokenId)
                ?? throw new ServiceError(ErrorCode.NotFound, $"User {Ids.Format(userId)} has no API token {tokenId}; `sharekey user tokens` lists them.");
            if (token.RevokedAt is { } at)
            {
                throw new ServiceError(ErrorCode.Conflict, $"API token {tokenId} was revoked at {at:u}.");
            }

            var now = time.GetUtcNow();
            await session.ApiTokens.RevokeAsync(tokenId, now, cancellationToken);
            await audit.AppendAsync(session, caller.Actor, "token.revoke", Ids.Format(userId), $"token={tokenId} name={token.Name}", cancellationToken);
            return token with { RevokedAt = now };
        }, cancellationToken);
    }

    public async Task<User> GetAsync(Caller caller, ulong userId, CancellationToken cancellationToken)
    {
        caller.RequireSelfOrOperator(userId, "see users");
        await using var session = await store.BeginAsync(cancellationToken);
        return await session.Users.GetAsync(userId, cancellationToken) ?? throw new ServiceError(ErrorCode.UserNotFound, $"No user {Ids.Format(userId)}.");
    }

    public async Task<IReadOnlyList<User>> ListAsync(Caller caller, CancellationToken cancellationToken)
    {
        caller.RequireOperator("list users");
        await using var session = await store.BeginAsync(cancellationToken);
        return await session.Users.ListAsync(cancellationToken);
    }

    /// <summary>The API applies the same rule while reading the request; this holds it for every other caller.</summary>
    private static readonly NameAttribute NameRule = new(MaxNameLength);
}
