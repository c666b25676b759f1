using ShareKey.Mqtt.Packets;

namespace ShareKey.Mqtt.Tests.Codec;

/// <summary>CONNECT variable header and payload rules, MQTT 3.1.1 §3.1.2–§3.1.3.</summary>
public sealed class ConnectRulesTests
{
    // "MQTT" level 4 then the flags byte; the tests vary the flags and what follows.
    private const string Header = "00 04 4D 51 54 54 04";

    [Fact]
    public void Protocol_name_other_than_MQTT_is_refused() =>
        Assert.Equal("MQTT-3.1.2-1",
            Decode.Error("10 0D 00 04 4D 51 54 58 04 02 00 00 00 01 63", MqttProtocolError.UnsupportedProtocolName).Rule);

    [Theory]
    [InlineData("05")]
    [InlineData("03")]
    public void Other_protocol_levels_are_unsupported(string level) =>
        Assert.Equal("MQTT-3.1.2-2",
            Decode.Error($"10 0D 00 04 4D 51 54 54 {level} 02 00 00 00 01 63", MqttProtocolError.UnsupportedProtocolLevel).Rule);

    [Fact]
    public void MQTT_3_1_is_reported_as_an_unsupported_level_so_the_server_can_answer_0x01() =>
        // "MQIsdp" level 3.
        Decode.Error("10 0F 00 06 4D 51 49 73 64 70 03 02 00 00 00 01 63", MqttProtocolError.UnsupportedProtocolLevel);

    [Fact]
    public void Reserved_flag_is_refused() =>
        Assert.Equal("MQTT-3.1.2-3", Decode.Error($"10 0D {Header} 03 00 00 00 01 63", MqttProtocolError.InvalidConnectFlags).Rule);

    [Theory]
    [InlineData("0A", "MQTT-3.1.2-13")] // will QoS 1 without will flag
    [InlineData("22", "MQTT-3.1.2-15")] // will retain without will flag
    [InlineData("42", "MQTT-3.1.2-22")] // password without user name
    public void Inconsistent_flags_are_refused(string flags, string rule) =>
        Assert.Equal(rule, Decode.Error($"10 0D {Header} {flags} 00 00 00 01 63", MqttProtocolError.InvalidConnectFlags).Rule);

    [Fact]
    public void Will_QoS_3_is_refused() =>
        Assert.Equal("MQTT-3.1.2-14",
            Decode.Error($"10 12 {Header} 1E 00 00 00 01 63 00 01 77 00 00", MqttProtocolError.InvalidQualityOfService).Rule);

    [Fact]
    public void Will_flag_without_will_fields_is_malformed() =>
        Decode.Error($"10 0D {Header} 06 00 00 00 01 63", MqttProtocolError.MalformedPacket);

    [Fact]
    public void Will_topic_with_a_wildcard_is_refused() =>
        Decode.Error($"10 12 {Header} 06 00 00 00 01 63 00 01 23 00 00", MqttProtocolError.InvalidTopicName);

    [Fact]
    public void User_name_flag_without_user_name_is_malformed() =>
        Decode.Error($"10 0D {Header} 82 00 00 00 01 63", MqttProtocolError.MalformedPacket);

    [Fact]
    public void Bytes_after_the_last_field_are_malformed() =>
        Decode.Error($"10 0E {Header} 02 00 00 00 01 63 00", MqttProtocolError.MalformedPacket);

    [Fact]
    public void User_name_without_password_is_fine()
    {
        var connect = Assert.IsType<MqttConnectPacket>(Decode.Packet($"10 10 {Header} 82 00 00 00 01 63 00 01 75"));
        Assert.Equal("u", connect.Username);
        Assert.Null(connect.Password);
    }

    [Fact]
    public void Empty_password_is_distinct_from_no_password()
    {
        var connect = Assert.IsType<MqttConnectPacket>(Decode.Packet($"10 12 {Header} C2 00 00 00 01 63 00 01 75 00 00"));
        Assert.NotNull(connect.Password);
        Assert.Empty(connect.Password);
    }
}
