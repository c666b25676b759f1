using ShareKey.Mqtt.Formatter;
using ShareKey.Mqtt.Packets;

namespace ShareKey.Mqtt.Tests.Codec;

/// <summary>Shorthands for decoding hex in rule tests.</summary>
internal static class Decode
{
    public static MqttPacket Packet(string hex)
    {
        var bytes = Hex.Bytes(hex);
        Assert.True(new MqttPacketDecoder().TryDecode(bytes, out var packet, out var consumed), "decoder wanted more bytes");
        Assert.Equal(bytes.Length, consumed);
        return packet;
    }

    public static MqttProtocolException Error(string hex, MqttProtocolError expected, int maximumPacketSize = MqttPacketDecoder.DefaultMaximumPacketSize)
    {
        var bytes = Hex.Bytes(hex);
        var e = Assert.Throws<MqttProtocolException>(() => new MqttPacketDecoder(maximumPacketSize).TryDecode(bytes, out _, out _));
        Assert.Equal(expected, e.Reason);
        Assert.StartsWith("MQTT-", e.Message, StringComparison.Ordinal);
        return e;
    }
}
