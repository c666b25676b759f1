using ShareKey.Phone.Keys;

namespace ShareKey.Phone.Commands;

/// <summary>
/// What `phone fetch` does with the service's answer: store a usable key in the wallet, or — for a
/// revoked key — say so, and mark the wallet's copy revoked so `phone keys` and the next
/// `phone unlock` tell the truth instead of the state at the earlier fetch.
/// </summary>
public static class FetchedKey
{
    public const string Revoked = "revoked";

    /// <summary>Stores <paramref name="held"/>; returns the wallet file. Throws <see cref="PhoneFailure"/> for a key that cannot be used.</summary>
    public static string Store(Wallet wallet, HolderMaterial held, string service, DateTimeOffset now)
    {
        var keyId = held.Key.Id;
        if (held.Key.State == Revoked)
        {
            var marked = Write(() => wallet.Learn(keyId, new LearnedState(Revoked, LearnedState.FromService, now, "the service says the key is revoked")), wallet);
            throw PhoneFailure.Runtime($"key {keyId} is revoked: there is nothing to fetch; ask for a new key"
                + (marked ? $" (the wallet's copy is marked revoked)" : string.Empty));
        }

        if (held.Token is null || held.HolderSecret is null)
        {
            throw PhoneFailure.Usage($"the service gave no token for key {keyId}: only its holder gets one; use the holder's API token (--token)");
        }

        return Write(() => wallet.Save(new WalletEntry(held, service, now)), wallet);
    }

    private static T Write<T>(Func<T> write, Wallet wallet)
    {
        try
        {
            return write();
        }
        catch (Exception failed) when (failed is IOException or UnauthorizedAccessException)
        {
            throw PhoneFailure.Runtime($"cannot write to the wallet {wallet.Folder}: {failed.Message}");
        }
        catch (InvalidDataException damaged)
        {
            throw PhoneFailure.Usage(damaged.Message);
        }
    }
}
