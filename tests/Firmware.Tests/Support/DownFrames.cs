using ShareKey.Protocol.Formatter;
using ShareKey.Protocol.Messages;

namespace ShareKey.Firmware.Tests.Support;

/// <summary>Down messages as the cloud puts them on <c>sk/{id}/down</c>: framed, with the link MAC under K_link-down.</summary>
public static class DownFrames
{
    public static byte[] Down(this TestCloud cloud, Message message) => new MessageEncoder(cloud.Macs).Encode(message, cloud.Secrets.LinkDownKey);
}
