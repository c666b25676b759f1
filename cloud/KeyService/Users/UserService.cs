using ShareKey.KeyService.Api;
using ShareKey.KeyService.Audit;
using ShareKey.KeyService.Auth;
using ShareKey.KeyService.Problems;
using ShareKey.KeyService.Secrets;
using ShareKey.KeyService.Storage;

namespace ShareKey.KeyService.Users;

/// <summary>
/// Users and their API tokens. A token is returned once, at creation; only its hash is kept. An
/// operator disables a user (every token of theirs refused at once, their keys revoked, frozen or
/// kept) and enables them again.
/// </summary>
public sealed class UserService(IKeyStore store, IEnumerable<IHeldKeys> heldKeys, AuditLog audit, TimeProvider time)
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
        await session.ApiTokens.InsertAsync(user.Id, tokenName, ApiTokenFormat.Hash(token), time.GetUtcNow(), expiresAt: null, cancellationToken);
        return (user, token);
    }

    /// <summary>A new API token for the user (the user themself or an operator), refused from <paramref name="expiresAt"/> on when given.</summary>
    public Task<string> CreateTokenAsync(Caller caller, ulong userId, string tokenName, DateTimeOffset? expiresAt, CancellationToken cancellationToken)
    {
        return audit.RunAsync(caller.Actor, "token.create", Ids.Format(userId), async session =>
        {
            caller.RequireSelfOrOperator(userId, "create API tokens");
            _ = await session.Users.GetAsync(userId, cancellationToken) ?? throw new ServiceError(ErrorCode.UserNotFound, $"No user {Ids.Format(userId)}.");
            var now = time.GetUtcNow();
            if (expiresAt is { } expiry && expiry <= now)
            {
                throw new ServiceError(ErrorCode.InvalidRequest, $"expiresAt {expiry:u} is not in the future; a token that expired already would be refused at once.", "expiresAt");
            }

            var token = ApiTokenFormat.NewToken();
            var id = await session.ApiTokens.InsertAsync(userId, tokenName, ApiTokenFormat.Hash(token), now, expiresAt, cancellationToken);
            await audit.AppendAsync(session, caller.Actor, "token.create", Ids.Format(userId), $"token={id} name={tokenName}" + (expiresAt is { } at ? $" expires={at:u}" : string.Empty), cancellationToken);
            return token;
        }, cancellationToken);
    }

    /// <summary>
    /// Disables a user (operators only): every API token of theirs is refused from now on, and
    /// <paramref name="keys"/> says what happens to the keys they hold. An operator cannot disable
    /// themself, so the service always keeps someone who can enable users again.
    /// </summary>
    public Task<User> DisableAsync(Caller caller, ulong userId, HeldKeysAction keys, CancellationToken cancellationToken) =>
        audit.RunAsync(caller.Actor, "user.disable", Ids.Format(userId), async session =>
        {
            caller.RequireOperator("disable users");
            var user = await session.Users.GetAsync(userId, cancellationToken) ?? throw new ServiceError(ErrorCode.UserNotFound, $"No user {Ids.Format(userId)}.");
            if (user.Id == caller.UserId)
            {
                throw new ServiceError(ErrorCode.Conflict, "You cannot disable yourself; another operator can.");
            }

            if (user.DisabledAt is { } at)
            {
                throw new ServiceError(ErrorCode.Conflict, $"User {user.Name} was disabled already at {at:u}.");
            }

            var now = time.GetUtcNow();
            await session.Users.SetDisabledAsync(user.Id, now, cancellationToken);
            var done = new List<string>();
            foreach (var held in heldKeys)
            {
                done.Add(await held.StopAsync(session, caller, user.Id, keys, cancellationToken));
            }

            await audit.AppendAsync(session, caller.Actor, "user.disable", Ids.Format(user.Id), $"name={user.Name} keys={Json.Name(keys)} {string.Join(' ', done)}", cancellationToken);
            return user with { DisabledAt = now };
        }, cancellationToken);

    /// <summary>
    /// Enables a disabled user again (operators only): their tokens that are neither revoked nor
    /// expired work again. Keys revoked at the disable stay revoked, frozen ones stay frozen until an
    /// operator unfreezes them.
    /// </summary>
    public Task<User> EnableAsync(Caller caller, ulong userId, CancellationToken cancellationToken) =>
        audit.RunAsync(caller.Actor, "user.enable", Ids.Format(userId), async session =>
        {
            caller.RequireOperator("enable users");
            var user = await session.Users.GetAsync(userId, cancellationToken) ?? throw new ServiceError(ErrorCode.UserNotFound, $"No user {Ids.Format(userId)}.");
            if (user.DisabledAt is null)
            {
                throw new ServiceError(ErrorCode.Conflict, $"User {user.Name} is not disabled.");
            }

            await session.Users.SetDisabledAsync(user.Id, null, cancellationToken);
            await audit.AppendAsync(session, caller.Actor, "user.enable", Ids.Format(user.Id), $"name={user.Name} disabled-since={user.DisabledAt:u}", cancellationToken);
            return user with { DisabledAt = null };
        }, cancellationToken);

    /// <summary>A user's API tokens (never the tokens themselves, which are not kept): the user themself or an operator.</summary>
    public async Task<IReadOnlyList<ApiToken>> ListTokensAsync(Caller caller, ulong userId, CancellationToken cancellationToken)
    {
        caller.RequireSelfOrOperator(userId, "list API tokens");
        await using var session = await store.BeginReadAsync(cancellationToken);
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
        await using var session = await store.BeginReadAsync(cancellationToken);
        return await session.Users.GetAsync(userId, cancellationToken) ?? throw new ServiceError(ErrorCode.UserNotFound, $"No user {Ids.Format(userId)}.");
    }

    /// <summary>
    /// A page of users by name (operators): the one named <paramref name="name"/> if given (none or one: names are unique),
    /// else those named after <paramref name="after"/>, the last name of the page before; not both.
    /// </summary>
    public async Task<IReadOnlyList<User>> PageAsync(Caller caller, string? name, string? after, int limit, CancellationToken cancellationToken)
    {
        caller.RequireOperator("list users");
        if (name is not null && after is not null)
        {
            throw new ServiceError(ErrorCode.InvalidRequest, "Give name (the one user of that name) or after (the next page), not both.");
        }

        await using var session = await store.BeginReadAsync(cancellationToken);
        if (name is not null)
        {
            return await session.Users.FindByNameAsync(name, cancellationToken) is { } named ? [named] : [];
        }

        return await session.Users.PageAsync(after, limit, cancellationToken);
    }

    /// <summary>The API applies the same rule while reading the request; this holds it for every other caller.</summary>
    private static readonly NameAttribute NameRule = new(MaxNameLength);
}
