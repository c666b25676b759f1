using ShareKey.KeyService.Api;
using ShareKey.KeyService.Auth;
using ShareKey.KeyService.Secrets;
using ShareKey.KeyService.Storage;
using ShareKey.KeyService.Users;

namespace ShareKey.KeyService.Hosting;

/// <summary>On a store with no operator, creates "admin" and prints its token once: it is never stored, only its hash.</summary>
public static class FirstStart
{
    public const string OperatorName = "admin";

    public static async Task<string?> EnsureOperatorAsync(IKeyStore store, TextWriter console)
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
