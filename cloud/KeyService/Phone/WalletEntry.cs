using ShareKey.KeyService.Api;

namespace ShareKey.KeyService.Phone;

/// <summary>
/// One key in the phone's wallet: the service's answer to its holder (token, holder secret, and the
/// bulletin and signed time to carry to an offline device), where it came from, and when.
/// </summary>
public sealed record WalletEntry(HeldKeyDto Held, string Service, DateTimeOffset FetchedAt)
{
    public string KeyId => Held.Key.Id;
}
