using ShareKey.Protocol.Tokens;

namespace ShareKey.KeyService.Keys;

/// <summary>
/// A virtual key (R1) as the cloud keeps it. The token and holder secret are not stored: they are
/// recomputed from these fields and the device's epoch key <see cref="Epoch"/> whenever the holder
/// fetches them, so a re-issue under a new epoch is one column update. <see cref="State"/> is the
/// key's standing with its ancestors' taken into account (a key under a frozen or revoked key is
/// frozen or revoked too); <see cref="Freeze"/> is a freeze put on this key itself.
/// <see cref="ChangedAt"/> is set once the key's limits were changed (R1.5): devices then accept
/// only its newest token; <see cref="TokensNotAfter"/> keeps the latest not-after any earlier token
/// of it had (0: none later than <see cref="NotAfter"/>), so the cloud tells devices about the key
/// for as long as an old token could still be in time.
/// </summary>
public sealed record VirtualKey(
    ulong Id,
    ulong DeviceId,
    ulong HolderId,
    KeyType Type,
    Permissions Permissions,
    TokenFlags Flags,
    uint Epoch,
    uint NotBefore,
    uint NotAfter,
    ushort MaxUses,
    ulong ParentKeyId,
    KeyState State,
    long? RentalId,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    KeyFreeze? Freeze = null,
    DateTimeOffset? ChangedAt = null,
    uint TokensNotAfter = 0)
{
    /// <summary>The latest not-after of any token this key ever had: until then a token of it may be in time on a device.</summary>
    public uint LatestNotAfter => Math.Max(NotAfter, TokensNotAfter);
}

public enum KeyType
{
    /// <summary>The vehicle's or space's owner: every permission, no end date.</summary>
    Owner = 1,

    /// <summary>A rental's key: unlock, lock, start for the rental period; revoked at return.</summary>
    Renter = 2,

    /// <summary>A key shared by its holder (R2.5–R2.6); issued by the sharing feature.</summary>
    Shared = 3,
}

public enum KeyState
{
    Active = 1,
    Frozen = 2,
    Revoked = 3,

    /// <summary>
    /// Handed its right to a transfer share (R2.6), as the device reported: refused for good like a
    /// revoked key, but listed to devices as transferred so the transfer share below keeps working.
    /// Never re-issued under a new epoch, never minted again.
    /// </summary>
    Transferred = 4,
}
