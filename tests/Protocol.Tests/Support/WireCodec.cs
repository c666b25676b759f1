using ShareKey.Protocol.Formatter;
using ShareKey.Protocol.Messages;
using ShareKey.Protocol.Security;

namespace ShareKey.Protocol.Tests.Support;

/// <summary>
/// An encoder and decoder pair that picks the channel by message type: BLE types as plain frames,
/// MQTT types with the link MAC of their direction. One per test class: the encoder is not thread-safe.
/// </summary>
public sealed class WireCodec
{
    public WireCodec()
    {
        Macs = new Macs(Samples.Crypto);
        Encoder = new MessageEncoder(Macs);
        Decoder = new MessageDecoder(Macs);
    }

    public Macs Macs { get; }

    public MessageEncoder Encoder { get; }

    public MessageDecoder Decoder { get; }

    public byte[] Encode(Message message) =>
        LinkKeys.IsLinked(message.Type) ? Encoder.Encode(message, LinkKeys.For(message.Type)) : Encoder.Encode(message);

    /// <summary>Decodes <paramref name="frame"/> on the channel <paramref name="type"/> travels on.</summary>
    public Message Decode(MessageType type, byte[] frame) =>
        LinkKeys.IsLinked(type)
            ? Decoder.Decode(frame, 0, frame.Length, LinkKeys.For(type))
            : Decoder.Decode(frame, 0, frame.Length);
}
