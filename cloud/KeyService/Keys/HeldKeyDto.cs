using ShareKey.Protocol.Buffers;
using ShareKey.Protocol.Formatter;
using ShareKey.Protocol.Messages;

namespace ShareKey.KeyService.Keys;

/// <summary>A key as its holder's phone needs it: the token, the holder secret, and what to carry to an offline device.</summary>
public sealed record HeldKeyDto(KeyDto Key, string? Token, string? HolderSecret, string? Bulletin, string? SignedTime)
{
    public static HeldKeyDto Of(VirtualKey key, MintedKey? minted, BulletinMessage? bulletin = null, TimeSyncMessage? signedTime = null) => new(
        KeyDto.Of(key),
        minted is null ? null : Hex.Of(TokenCodec.Encode(minted.Token)),
        minted is null ? null : Hex.Of(minted.HolderSecret),
        bulletin is null ? null : Hex.Of(Body(writer => BulletinCodec.WriteBulletin(writer, bulletin))),
        signedTime is null ? null : Hex.Of(Body(writer => BulletinCodec.WriteTimeSync(writer, signedTime))));

    /// <summary>An attachment body as it travels inside a Command (docs/protocol.md §4.2).</summary>
    private static byte[] Body(Action<ByteWriter> write)
    {
        var writer = new ByteWriter(512);
        write(writer);
        return writer.ToArray();
    }
}
