namespace ShareKey.Mqtt.Tests.Codec;

/// <summary>Fixed header type and flags, MQTT 3.1.1 §2.2.1–§2.2.2, checked from the first byte alone.</summary>
public sealed class FixedHeaderRulesTests
{
    [Theory]
    [InlineData("00")]
    [InlineData("F0")]
    public void Reserved_packet_types_are_refused(string firstByte) =>
        Decode.Error(firstByte, MqttProtocolError.ReservedPacketType);

    [Theory]
    [InlineData("11")] // CONNECT
    [InlineData("28")] // CONNACK
    [InlineData("41")] // PUBACK
    [InlineData("52")] // PUBREC
    [InlineData("60")] // PUBREL must be 0010
    [InlineData("63")]
    [InlineData("71")] // PUBCOMP
    [InlineData("80")] // SUBSCRIBE must be 0010
    [InlineData("8A")]
    [InlineData("91")] // SUBACK
    [InlineData("A0")] // UNSUBSCRIBE must be 0010
    [InlineData("B2")] // UNSUBACK
    [InlineData("C1")] // PINGREQ
    [InlineData("D4")] // PINGRESP
    [InlineData("EF")] // DISCONNECT
    public void Wrong_flags_are_refused_before_the_rest_arrives(string firstByte)
    {
        var e = Decode.Error(firstByte, MqttProtocolError.InvalidFixedHeaderFlags);
        Assert.Equal("MQTT-2.2.2-2", e.Rule);
    }

    [Theory]
    [InlineData("36")]
    [InlineData("37")]
    [InlineData("3E")]
    public void Publish_with_QoS_3_is_refused(string firstByte) =>
        Assert.Equal("MQTT-3.3.1-4", Decode.Error(firstByte, MqttProtocolError.InvalidQualityOfService).Rule);

    [Fact]
    public void Publish_QoS_0_with_dup_is_refused() =>
        Assert.Equal("MQTT-3.3.1-2", Decode.Error("38", MqttProtocolError.InvalidDuplicateFlag).Rule);

    [Fact]
    public void Packets_over_the_maximum_size_are_refused_from_the_header() =>
        // Claims 1,000 bytes of body; only the header is present and the limit is 100.
        Decode.Error("30 E8 07", MqttProtocolError.PacketTooLarge, maximumPacketSize: 100);

    [Fact]
    public void A_packet_exactly_at_the_maximum_size_is_accepted()
    {
        var decoder = new Formatter.MqttPacketDecoder(maximumPacketSize: 9);
        Assert.True(decoder.TryDecode(Hex.Bytes("30 07 00 03 61 2F 62 68 69"), out _, out _));
    }

    [Theory]
    [InlineData("C0 01 00")] // PINGREQ has no body
    [InlineData("E0 01 00")]
    [InlineData("40 03 00 01 00")] // PUBACK is exactly 2 bytes
    [InlineData("40 01 00")]
    [InlineData("20 03 00 00 00")]
    public void Bodies_of_the_wrong_length_are_refused(string hex) =>
        Decode.Error(hex, MqttProtocolError.MalformedPacket);
}
