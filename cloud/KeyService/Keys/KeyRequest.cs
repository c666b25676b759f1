using ShareKey.Protocol.Tokens;

namespace ShareKey.KeyService.Keys;

/// <summary>
/// An application for a key (R1.1): its type, the user it is for, and the vehicle by VIN (a car,
/// through its T-BOX binding) or a device id (a parking lock). Validity defaults by type. A renter
/// key a user gets without an operator comes with a rental or a space reservation, which it names.
/// <paramref name="KeyId"/> is the id the key gets when its caller has already written a row naming
/// it in the same session (a rental, a reservation); otherwise it gets a new one. Never taken from a client.
/// </summary>
public sealed record KeyRequest(
    KeyType Type,
    ulong UserId,
    string? Vin,
    ulong? DeviceId,
    DateTimeOffset? NotBefore,
    DateTimeOffset? NotAfter,
    ushort MaxUses,
    long? RentalId = null,
    ulong? ReservationId = null,
    ulong? KeyId = null);

public static class KeyTypes
{
    public static Permissions PermissionsOf(KeyType type) => type switch
    {
        KeyType.Owner => Permissions.Unlock | Permissions.Lock | Permissions.Start | Permissions.Share | Permissions.Manage,
        _ => Permissions.Unlock | Permissions.Lock | Permissions.Start,
    };

    public static bool TryParse(string text, out KeyType type)
    {
        type = text switch { "owner" => KeyType.Owner, "renter" => KeyType.Renter, "shared" => KeyType.Shared, _ => 0 };
        return type != 0;
    }

    public static string Name(KeyType type) => type.ToString().ToLowerInvariant();
}
