using ShareKey.KeyService.Api;
using ShareKey.KeyService.Auth;
using ShareKey.KeyService.Problems;
using ShareKey.KeyService.Secrets;
using ShareKey.KeyService.Storage;

namespace ShareKey.KeyService.Users;

/// <summary>
/// Authenticates every /v1 call by its bearer token: the token's hash is looked up, so the store
/// never sees a usable token. One filter instead of an authentication scheme keeps the failure a
/// problem-details response with a stable code like every other refusal. An expired token and a
/// disabled user's token each get their own code, so a client can tell "get a new token" from
/// "ask an operator".
/// </summary>
public sealed class ApiTokenFilter(IKeyStore store, TimeProvider time) : IEndpointFilter
{
    // Checks that arrive while another is being looked up share the next lookup (Storage/RequestBatcher.cs): one
    // lane, as a lookup waits for no lock, so under load every check goes in a batch. The one filter of the
    // service (UsersRegistration), so the lookups are shared: AddEndpointFilter<T> would make one per request.
    private readonly RequestBatcher<byte[], ActiveApiToken?> lookups = new((hashes, _) => LookUpAsync(store, hashes), batchesAtOnce: 1, largestBatch: 64);

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var header = http.Request.Headers.Authorization.ToString();
        const string bearer = "Bearer ";
        if (!header.StartsWith(bearer, StringComparison.OrdinalIgnoreCase))
        {
            return ProblemResults.For(ErrorCode.Unauthenticated, "Send `Authorization: Bearer <token>`; `sharekey` reads the token from --token, SHAREKEY_TOKEN or its config file.");
        }

        var token = header[bearer.Length..].Trim();
        if (!ApiTokenFormat.LooksLikeToken(token))
        {
            return ProblemResults.For(ErrorCode.Unauthenticated, "That is not a ShareKey API token (they start with skt_).");
        }

        var found = await lookups.RunAsync(ApiTokenFormat.Hash(token), http.RequestAborted);
        if (found is null)
        {
            return ProblemResults.For(ErrorCode.Unauthenticated, "Unknown or revoked API token.");
        }

        var (stored, user) = found;
        if (stored.ExpiresAt is { } expiry && expiry <= time.GetUtcNow())
        {
            return ProblemResults.For(ErrorCode.TokenExpired, $"This API token ('{stored.Name}') expired at {expiry:u}; sign in with another one or create a new one (`sharekey user token --expires …`).");
        }

        if (user.DisabledAt is { } disabled)
        {
            return ProblemResults.For(ErrorCode.UserDisabled, $"User {user.Name} was disabled at {disabled:u}; every token of theirs is refused until an operator enables them again.");
        }

        http.Items[typeof(Caller)] = new Caller(user.Id, user.Name, user.Role);
        return await next(context);
    }

    /// <summary>
    /// A read session: on SQLite it does not queue behind the writer, and it sees every commit made before it
    /// began — after each of its requests arrived — so a revoked token or a disabled user is refused from the
    /// next request on. Not a request's token: the lookup serves several.
    /// </summary>
    private static async Task<IReadOnlyList<ActiveApiToken?>> LookUpAsync(IKeyStore store, IReadOnlyList<byte[]> hashes)
    {
        await using var session = await store.BeginReadAsync(CancellationToken.None);
        return await session.ApiTokens.FindActiveByHashesAsync(hashes, CancellationToken.None);
    }
}
