namespace ShareKey.Phone.Keys;

/// <summary>
/// One key in the phone's wallet: the service's answer to its holder (token, holder secret, and the
/// bulletin and signed time to carry to an offline device), where it came from and when, and what
/// the phone has learned about the key since (the service or the device said it is revoked…).
/// </summary>
public sealed record WalletEntry(HolderMaterial Held, string Service, DateTimeOffset FetchedAt, LearnedState? Learned = null)
{
    public string KeyId => Held.Key.Id;

    /// <summary>The key's state as far as the phone knows: what it learned last, else the service's word at the fetch.</summary>
    public string State => Learned?.State ?? Held.Key.State;
}

/// <summary>
/// The holder's view of a key as the service sends it (GET /v1/keys/{id}): the key, and for its
/// holder the token, the holder secret and the attachments, all hex. Enum values are kept as the
/// API spells them ("active", "revoked", …): the phone shows them, it does not act on other values.
/// </summary>
public sealed record HolderMaterial(ServiceKey Key, string? Token, string? HolderSecret, string? Bulletin, string? SignedTime);

/// <summary>The service's description of a key (the API's key object; members the phone does not use are not kept).</summary>
public sealed record ServiceKey(
    string Id, string DeviceId, string HolderId, string Type, string Permissions, string State, uint Epoch,
    DateTimeOffset NotBefore, DateTimeOffset NotAfter, ushort MaxUses, string? ParentKeyId, long? RentalId);

/// <summary>
/// What the phone learned about a key after fetching it, and from whom: the service (a fetch found
/// it revoked) or the device (a refusal it signed, so it is the device's own word).
/// </summary>
public sealed record LearnedState(string State, string Source, DateTimeOffset At, string Detail)
{
    public const string FromService = "service";
    public const string FromDevice = "device";
}
