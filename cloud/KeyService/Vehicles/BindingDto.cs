using ShareKey.Protocol.Buffers;

namespace ShareKey.KeyService.Vehicles;

public sealed record BindingDto(string Vin, string Imsi, string DeviceId, DateTimeOffset BoundAt, DateTimeOffset? EndedAt, string? EndReason)
{
    public static BindingDto Of(Binding b) => new(b.Vin, b.Imsi, Hex.OfId(b.DeviceId), b.BoundAt, b.EndedAt, b.EndReason);
}
