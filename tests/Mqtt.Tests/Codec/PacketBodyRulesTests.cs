using ShareKey.Mqtt.Packets;

namespace ShareKey.Mqtt.Tests.Codec;

/// <summary>Variable header and payload rules of every packet except CONNECT (MQTT 3.1.1 §2.3, §3.2–§3.11).</summary>
public sealed class PacketBodyRulesTests
{
    [Theory]
    [InlineData("32 05 00 01 61 00 00")] // PUBLISH QoS 1
    [InlineData("34 05 00 01 61 00 00")] // PUBLISH QoS 2
    [InlineData("40 02 00 00")]
    [InlineData("50 02 00 00")]
    [InlineData("62 02 00 00")]
    [InlineData("70 02 00 00")]
    [InlineData("82 06 00 00 00 01 61 00")]
    [InlineData("90 03 00 00 00")]
    [InlineData("A2 05 00 00 00 01 61")]
    [InlineData("B0 02 00 00")]
    public void Packet_identifier_zero_is_refused(string hex) =>
        Assert.Equal("MQTT-2.3.1-1", Decode.Error(hex, MqttProtocolError.InvalidPacketIdentifier).Rule);

    [Fact]
    public void Publish_QoS_1_without_packet_identifier_is_malformed() =>
        Decode.Error("32 03 00 01 61", MqttProtocolError.MalformedPacket);

    [Theory]
    [InlineData("30 02 00 00")] // empty topic
    [InlineData("30 03 00 01 2B")] // +
    [InlineData("30 05 00 03 61 2F 23")] // a/#
    public void Publish_topic_must_be_a_valid_topic_name(string hex) =>
        Decode.Error(hex, MqttProtocolError.InvalidTopicName);

    [Fact]
    public void Publish_topic_length_beyond_the_packet_is_malformed() =>
        Decode.Error("30 03 00 05 61", MqttProtocolError.MalformedPacket);

    [Fact]
    public void Publish_QoS_0_payload_is_everything_after_the_topic()
    {
        var publish = Assert.IsType<MqttPublishPacket>(Decode.Packet("31 05 00 01 61 00 00"));
        Assert.True(publish.Retain);
        Assert.Equal(new byte[] { 0, 0 }, publish.Payload.ToArray());
    }

    [Fact]
    public void Subscribe_without_filters_is_refused() =>
        Assert.Equal("MQTT-3.8.3-3", Decode.Error("82 02 00 01", MqttProtocolError.EmptySubscription).Rule);

    [Theory]
    [InlineData("03")]
    [InlineData("04")]
    [InlineData("81")]
    public void Subscribe_requested_QoS_byte_must_be_0_to_2(string qos) =>
        Assert.Equal("MQTT-3.8.3-4", Decode.Error($"82 06 00 01 00 01 61 {qos}", MqttProtocolError.InvalidQualityOfService).Rule);

    [Fact]
    public void Subscribe_filter_without_QoS_byte_is_malformed() =>
        Decode.Error("82 05 00 01 00 01 61", MqttProtocolError.MalformedPacket);

    [Theory]
    [InlineData("82 05 00 01 00 00 00")] // empty filter
    [InlineData("82 07 00 01 00 02 61 23 00")] // a#
    [InlineData("82 0D 00 01 00 08 24 73 68 61 72 65 2F 67 00")] // $share/g with no filter
    public void Subscribe_filter_must_be_valid(string hex) =>
        Decode.Error(hex, MqttProtocolError.InvalidTopicFilter);

    [Fact]
    public void Unsubscribe_without_filters_is_refused() =>
        Assert.Equal("MQTT-3.10.3-2", Decode.Error("A2 02 00 01", MqttProtocolError.EmptySubscription).Rule);

    [Theory]
    [InlineData("20 02 02 00")] // reserved acknowledge flag bit
    [InlineData("20 02 01 05")] // session present with a refusal
    public void ConnAck_reserved_combinations_are_malformed(string hex) =>
        Decode.Error(hex, MqttProtocolError.MalformedPacket);

    [Fact]
    public void ConnAck_return_code_above_5_is_reserved() =>
        Decode.Error("20 02 00 06", MqttProtocolError.InvalidReturnCode);

    [Theory]
    [InlineData("03")]
    [InlineData("81")]
    public void SubAck_reserved_return_codes_are_refused(string code) =>
        Assert.Equal("MQTT-3.9.3-2", Decode.Error($"90 03 00 01 {code}", MqttProtocolError.InvalidReturnCode).Rule);
}
