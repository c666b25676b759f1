using ShareKey.KeyService.Api;
using ShareKey.KeyService.Auth;
using ShareKey.KeyService.Secrets;
using ShareKey.KeyService.Storage;
using ShareKey.KeyService.Users;

namespace ShareKey.KeyService.Hosting;

/// <summary>
/// On a store with no operator, creates "admin" and prints its token once: it is never stored, only its hash.
/// Two instances starting at once on an empty PostgreSQL database both find no operator; the second's insert
/// of "admin" waits for the first's commit and is then refused by the unique name, and that start goes on
/// without creating one (before, it failed).
/// </summary>
public static class FirstStart
{
    public const string OperatorName = "admin";

    public static async Task<string?> EnsureOperatorAsync(IKeyStore store, TextWriter console)
    {
        try
        {
            return await CreateOperatorAsync(store, console);
        }
        catch (StoreConflictException)
        {
            if (await HasOperatorAsync(store))
            {
                return null;
            }

            throw;
        }
    }

    private static async Task<bool> HasOperatorAsync(IKeyStore store)
    {
        await using var session = await store.BeginReadAsync(CancellationToken.None);
        return await session.Users.CountOperatorsAsync(CancellationToken.None) > 0;
    }

    private static async Task<string?> CreateOperatorAsync(IKeyStore store, TextWriter console)
    {
        await using var session = await store.BeginAsync(CancellationToken.None);
        if (await session.Users.CountOperatorsAsync(CancellationToken.None) > 0)
        {
            return null;
        }

        var user = new User(Ids.NewId(), OperatorName, UserRole.Operator, DateTimeOffset.UtcNow);
        await session.Users.InsertAsync(user, CancellationToken.None);
        var token = ApiTokenFormat.NewToken();
        await session.ApiTokens.InsertAsync(user.Id, "first start", ApiTokenFormat.Hash(token), DateTimeOffset.UtcNow, expiresAt: null, CancellationToken.None);
        await session.CommitAsync(CancellationToken.None);
        console.WriteLine($"Created operator '{OperatorName}'. Its API token is shown this once — keep it:");
        console.WriteLine($"  export SHAREKEY_TOKEN={token}");
        return token;
    }
}
