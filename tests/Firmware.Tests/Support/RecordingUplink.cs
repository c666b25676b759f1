using ShareKey.Firmware.Uplink;
using ShareKey.Protocol.Formatter;
using ShareKey.Protocol.Messages;

namespace ShareKey.Firmware.Tests.Support;

/// <summary>
/// The MQTT client as the device logic sees it: <see cref="Online"/> says whether a publish is
/// accepted; every accepted frame is kept, decoded the way the cloud decodes it (link MAC under
/// K_link-up), so tests read messages, not bytes. Delivery (PUBACK) is the test's to report.
/// </summary>
public sealed class RecordingUplink(TestCloud cloud) : IUplink
{
    private readonly MessageDecoder _decoder = new(cloud.Macs);

    public bool Online { get; set; } = true;

    public List<Message> Sent { get; } = [];

    public List<byte[]> Frames { get; } = [];

    public bool Publish(uint messageId, byte[] frame)
    {
        if (!Online)
        {
            return false;
        }

        Message message = _decoder.Decode(frame, 0, frame.Length, cloud.Secrets.LinkUpKey);
        Assert.Equal(messageId, message.MessageId);
        Sent.Add(message);
        Frames.Add(frame);
        return true;
    }

    public List<T> OfType<T>()
        where T : Message => Sent.OfType<T>().ToList();

    public void Clear()
    {
        Sent.Clear();
        Frames.Clear();
    }
}
