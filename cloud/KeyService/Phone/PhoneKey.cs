using ShareKey.Protocol.Buffers;
using ShareKey.Protocol.Formatter;
using ShareKey.Protocol.Messages;
using ShareKey.Protocol.Tokens;

namespace ShareKey.KeyService.Phone;

/// <summary>A wallet entry decoded into what goes into a Command (docs/protocol.md §4.2).</summary>
public sealed record PhoneKey(KeyToken Token, byte[] HolderSecret, BulletinMessage? Bulletin, TimeSyncMessage? SignedTime)
{
    /// <summary>Decodes the entry; a damaged one throws <see cref="ShareKey.Protocol.ProtocolException"/> (or <see cref="FormatException"/> for bad hex).</summary>
    public static PhoneKey From(WalletEntry entry)
    {
        var held = entry.Held;
        if (held.Token is null || held.HolderSecret is null)
        {
            throw new InvalidDataException($"key {entry.KeyId} has no token or holder secret; fetch it again with the holder's API token");
        }

        return new PhoneKey(
            TokenCodec.Decode(Convert.FromHexString(held.Token)),
            Convert.FromHexString(held.HolderSecret),
            held.Bulletin is { } bulletin ? BulletinCodec.ReadBulletin(Reader(bulletin)) : null,
            held.SignedTime is { } time ? BulletinCodec.ReadTimeSync(Reader(time)) : null);
    }

    private static ByteReader Reader(string hex)
    {
        var bytes = Convert.FromHexString(hex);
        return new ByteReader(bytes, 0, bytes.Length);
    }
}
