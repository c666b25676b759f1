using ShareKey.Protocol.Buffers;

namespace ShareKey.KeyService.Devices;

public sealed record DeviceDto(string Id, DeviceKind Kind, string Name, DeviceState State, uint Epoch, uint BulletinSequence, DateTimeOffset CreatedAt, DateTimeOffset? LastSeenAt, DateTimeOffset? DecommissionedAt)
{
    public static DeviceDto Of(Device d) => new(Hex.OfId(d.Id), d.Kind, d.Name, d.State, d.Epoch, d.BulletinSequence, d.CreatedAt, d.LastSeenAt, d.DecommissionedAt);
}

/// <summary>A page of devices in the order provisioned; <see cref="NextAfter"/> (absent on the last page) is the <c>after</c> of the next.</summary>
public sealed record DevicePageDto(IReadOnlyList<DeviceDto> Items, string? NextAfter);
