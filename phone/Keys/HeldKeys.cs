using ShareKey.Protocol.Buffers;
using ShareKey.Protocol.Formatter;
using ShareKey.Protocol.Verification;

namespace ShareKey.Phone.Keys;

/// <summary>A wallet entry decoded into the protocol's <see cref="HeldKey"/> (docs/protocol.md §4.2).</summary>
public static class HeldKeys
{
    /// <summary>Decodes the entry; a damaged one throws <see cref="Protocol.ProtocolException"/>, <see cref="FormatException"/> (bad hex) or <see cref="InvalidDataException"/>.</summary>
    public static HeldKey From(WalletEntry entry)
    {
        var held = entry.Held;
        if (held.Token is null || held.HolderSecret is null)
        {
            throw new InvalidDataException($"key {entry.KeyId} has no token or holder secret; fetch it again with the holder's API token");
        }

        return new HeldKey(TokenCodec.Decode(Convert.FromHexString(held.Token)), Convert.FromHexString(held.HolderSecret))
        {
            Bulletin = held.Bulletin is { } bulletin ? BulletinCodec.ReadBulletin(Reader(bulletin)) : null,
            Time = held.SignedTime is { } time ? BulletinCodec.ReadTimeSync(Reader(time)) : null,
        };
    }

    private static ByteReader Reader(string hex)
    {
        var bytes = Convert.FromHexString(hex);
        return new ByteReader(bytes, 0, bytes.Length);
    }
}
