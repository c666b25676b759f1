using ShareKey.KeyService.Api;
using ShareKey.Protocol.Buffers;

namespace ShareKey.KeyService.Keys;

/// <summary>A key in a key tree or a members list: how deep it sits below the key asked about, and the freeze put on it, if any.</summary>
public sealed record KeyNodeDto(KeyDto Key, int Depth, string Mode, FreezeDto? Freeze)
{
    public static KeyNodeDto Of(VirtualKey key, int depth) => new(
        KeyDto.Of(key),
        depth,
        key.ParentKeyId == 0 ? "root" : (key.Flags & Protocol.Tokens.TokenFlags.TransferFromParent) != 0 ? "transfer" : "co-use",
        key.Freeze is { } freeze ? new FreezeDto(Hex.OfId(freeze.ByUserId), freeze.Rank, KeyAuthority.Describe(freeze.Rank), freeze.At) : null);
}

/// <summary>Who froze a key and how high they stood (0 an operator, 1 the owner/manager, …): only as high or higher lifts it.</summary>
public sealed record FreezeDto(string ByUserId, int Rank, string By, DateTimeOffset At);
