using ShareKey.Protocol.Buffers;
using ShareKey.Protocol.Messages;

namespace ShareKey.KeyService.Devices;

public sealed record EventDto(DateTimeOffset ReceivedAt, string Kind, DateTimeOffset DeviceTime, string? KeyId, byte Detail, short Value)
{
    public static EventDto Of(DeviceEvent e) => new(e.ReceivedAt, Names.Of(e.Kind), DateTimeOffset.FromUnixTimeSeconds(e.DeviceTime), e.KeyId == 0 ? null : Hex.OfId(e.KeyId), e.Detail, e.Value);
}
