using ShareKey.Phone.Keys;
using ShareKey.Protocol.Buffers;
using ShareKey.Protocol.Crypto;
using ShareKey.Protocol.Formatter;
using ShareKey.Protocol.Security;
using ShareKey.Protocol.Tokens;

namespace ShareKey.Phone.Tests.Support;

/// <summary>A key as the service would hand it to its holder, made with the protocol library from fixed sample keys.</summary>
public static class SampleKeys
{
    public const ulong DeviceId = 0x5348415245000001;
    public const ulong KeyId = 0x4B45590000000001;
    public const uint Epoch = 7;

    /// <summary>A new one each time: a Macs reuses one input buffer for every MAC it computes, and test classes run in parallel.</summary>
    public static Macs Macs => new(new DotNetCryptoProvider());
    public static readonly byte[] EpochKey = Enumerable.Range(0x40, 32).Select(b => (byte)b).ToArray();

    public static string KeyHex => Hex.OfId(KeyId);

    public static KeyToken Token()
    {
        var now = (uint)DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var token = new KeyToken
        {
            DeviceId = DeviceId,
            KeyId = KeyId,
            Epoch = Epoch,
            HolderId = 0x5553455200000001,
            Permissions = Permissions.Unlock | Permissions.Lock,
            NotBefore = now - 60,
            NotAfter = now + 3600,
        };
        token.Tag = Macs.TokenTag(EpochKey, token);
        return token;
    }

    /// <summary>The holder's material as GET /v1/keys/{id} gives it, in state <paramref name="state"/>.</summary>
    public static HolderMaterial Material(string state = "active", bool withSecret = true) => new(
        new ServiceKey(KeyHex, Hex.OfId(DeviceId), "5553455200000001", "owner", "unlock,lock", state, Epoch,
            DateTimeOffset.UtcNow.AddMinutes(-1), DateTimeOffset.UtcNow.AddHours(1), 0, null, null),
        withSecret ? Hex.Of(TokenCodec.Encode(Token())) : null,
        withSecret ? Hex.Of(Macs.HolderSecret(EpochKey, DeviceId, KeyId)) : null,
        null,
        null);
}
