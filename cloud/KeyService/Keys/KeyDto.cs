using ShareKey.Protocol.Buffers;
using ShareKey.Protocol.Messages;

namespace ShareKey.KeyService.Keys;

public sealed record KeyDto(
    string Id, string DeviceId, string HolderId, KeyType Type, string Permissions, KeyState State, uint Epoch,
    DateTimeOffset NotBefore, DateTimeOffset NotAfter, ushort MaxUses, string? ParentKeyId, long? RentalId, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt)
{
    public static KeyDto Of(VirtualKey k) => new(
        Hex.OfId(k.Id), Hex.OfId(k.DeviceId), Hex.OfId(k.HolderId), k.Type, Names.Of(k.Permissions), k.State, k.Epoch,
        DateTimeOffset.FromUnixTimeSeconds(k.NotBefore), DateTimeOffset.FromUnixTimeSeconds(k.NotAfter), k.MaxUses,
        k.ParentKeyId == 0 ? null : Hex.OfId(k.ParentKeyId), k.RentalId, k.CreatedAt, k.UpdatedAt);
}

/// <summary>A page of keys, newest first; <see cref="NextBefore"/> (absent on the last page) is the <c>before</c> of the next.</summary>
public sealed record KeyPageDto(IReadOnlyList<KeyDto> Items, string? NextBefore);
