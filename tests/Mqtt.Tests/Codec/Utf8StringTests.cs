using ShareKey.Mqtt.Formatter;
using ShareKey.Mqtt.Packets;

namespace ShareKey.Mqtt.Tests.Codec;

/// <summary>UTF-8 encoded strings, MQTT 3.1.1 §1.5.3, seen through a PUBLISH topic.</summary>
public sealed class Utf8StringTests
{
    [Theory]
    [InlineData("C3")] // truncated sequence
    [InlineData("C0 80")] // overlong U+0000
    [InlineData("ED A0 80")] // encoded surrogate U+D800
    [InlineData("ED BF BF")] // encoded surrogate U+DFFF
    [InlineData("F4 90 80 80")] // above U+10FFFF
    [InlineData("FF")]
    public void Ill_formed_UTF8_is_refused(string bytes)
    {
        var length = Hex.Bytes(bytes).Length;
        var e = Decode.Error($"30 {2 + length:X2} 00 {length:X2} {bytes}", MqttProtocolError.InvalidUtf8String);
        Assert.Equal("MQTT-1.5.3-1", e.Rule);
    }

    [Fact]
    public void U0000_is_refused() =>
        Assert.Equal("MQTT-1.5.3-2", Decode.Error("30 05 00 03 61 00 62", MqttProtocolError.InvalidUtf8String).Rule);

    [Fact]
    public void A_BOM_is_kept_not_stripped()
    {
        // [MQTT-1.5.3-3]: EF BB BF is U+FEFF and must not be skipped.
        var publish = Assert.IsType<MqttPublishPacket>(Decode.Packet("30 06 00 04 EF BB BF 61"));
        Assert.Equal("\uFEFFa", publish.Topic);
    }

    [Fact]
    public void Supplementary_characters_round_trip()
    {
        var publish = Assert.IsType<MqttPublishPacket>(Decode.Packet("30 06 00 04 F0 9F 98 80"));
        Assert.Equal("\U0001F600", publish.Topic);
    }

    [Fact]
    public void Encoder_refuses_a_lone_surrogate() =>
        Assert.Equal(MqttProtocolError.InvalidUtf8String, Assert.Throws<MqttProtocolException>(
            () => new MqttPacketEncoder().Encode(new MqttPublishPacket { Topic = "a\uD800" })).Reason);

    [Fact]
    public void Encoder_refuses_a_string_over_65535_bytes() =>
        Assert.Equal(MqttProtocolError.InvalidUtf8String, Assert.Throws<MqttProtocolException>(
            () => new MqttPacketEncoder().Encode(new MqttConnectPacket { ClientId = new string('x', 65_536) })).Reason);
}
