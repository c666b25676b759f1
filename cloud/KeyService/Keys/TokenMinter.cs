using ShareKey.KeyService.Devices;
using ShareKey.Protocol.Tokens;

namespace ShareKey.KeyService.Keys;

/// <summary>
/// Recomputes a key's token and holder secret from its record and its epoch's key (docs/architecture.md §4).
/// Deterministic, so nothing secret about a key is stored and a re-issue is an epoch change.
/// </summary>
public sealed class TokenMinter(DeviceCrypto crypto)
{
    public MintedKey Mint(VirtualKey key, Device device)
    {
        if (key.Epoch != device.Epoch || device.EpochKeySealed is null)
        {
            throw new InvalidOperationException($"Key {key.Id:x16} is under epoch {key.Epoch} but device {device.Id:x16} is at {device.Epoch}.");
        }

        var epochKey = crypto.EpochKey(device.Id, device.Epoch, device.EpochKeySealed);
        var token = new KeyToken
        {
            DeviceId = key.DeviceId,
            KeyId = key.Id,
            Epoch = key.Epoch,
            HolderId = key.HolderId,
            Permissions = key.Permissions,
            Flags = key.Flags,
            NotBefore = key.NotBefore,
            NotAfter = key.NotAfter,
            MaxUses = key.MaxUses,
            ParentKeyId = key.ParentKeyId,
        };
        token.Tag = DeviceCrypto.Macs.TokenTag(epochKey, token);
        return new MintedKey(token, DeviceCrypto.Macs.HolderSecret(epochKey, key.DeviceId, key.Id));
    }
}

/// <summary>What a phone needs: the token (not secret) and the holder secret (secret; HTTPS only, never BLE).</summary>
public sealed record MintedKey(KeyToken Token, byte[] HolderSecret);
