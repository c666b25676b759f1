using ShareKey.Mqtt.Formatter;
using ShareKey.Mqtt.Packets;

namespace ShareKey.Mqtt.Tests.Codec;

/// <summary>
/// Every packet type against bytes written by hand from the layouts of MQTT 3.1.1 §3.1–§3.14, both ways:
/// encoding must produce exactly these bytes and decoding them must give back the packet.
/// </summary>
public sealed class GoldenBytesTests
{
    public static TheoryData<string, MqttPacket, string> Vectors => new()
    {
        // §3.1: "MQTT" level 4, flags 0x02 (clean session), keep-alive 60, client id "sk1".
        { "CONNECT minimal", new MqttConnectPacket { ClientId = "sk1", KeepAliveSeconds = 60 },
            "10 0F 00 04 4D 51 54 54 04 02 00 3C 00 03 73 6B 31" },
        // Flags 0xEC = user name, password, will retain, will QoS 1, will; clean session off.
        { "CONNECT with will, user name and password", new MqttConnectPacket
            {
                ClientId = "c",
                CleanSession = false,
                KeepAliveSeconds = 10,
                Will = new MqttWill { Topic = "w", Payload = new byte[] { 0x01 }, QualityOfService = MqttQualityOfService.AtLeastOnce, Retain = true },
                Username = "u",
                Password = new byte[] { 0x70 },
            },
            "10 19 00 04 4D 51 54 54 04 EC 00 0A 00 01 63 00 01 77 00 01 01 00 01 75 00 01 70" },
        // Empty client id is legal on the wire (§3.1.3.1); the server decides whether to accept it.
        { "CONNECT empty client id", new MqttConnectPacket { ClientId = "" },
            "10 0C 00 04 4D 51 54 54 04 02 00 00 00 00" },
        // §3.2: acknowledge flags (bit 0 = session present), return code.
        { "CONNACK session present", new MqttConnAckPacket { SessionPresent = true }, "20 02 01 00" },
        { "CONNACK not authorized", new MqttConnAckPacket { ReturnCode = MqttConnectReturnCode.NotAuthorized }, "20 02 00 05" },
        // §3.3: QoS 0 has no packet identifier.
        { "PUBLISH QoS 0", new MqttPublishPacket { Topic = "a/b", Payload = "hi"u8.ToArray() },
            "30 07 00 03 61 2F 62 68 69" },
        // 0x3B = PUBLISH | DUP | QoS 1 | RETAIN.
        { "PUBLISH QoS 1 dup retain", new MqttPublishPacket
            {
                Topic = "a", PacketIdentifier = 10, QualityOfService = MqttQualityOfService.AtLeastOnce,
                Dup = true, Retain = true, Payload = new byte[] { 0xFF },
            },
            "3B 06 00 01 61 00 0A FF" },
        { "PUBLISH QoS 2 empty payload", new MqttPublishPacket
            {
                Topic = "t", PacketIdentifier = 0x1234, QualityOfService = MqttQualityOfService.ExactlyOnce,
            },
            "34 05 00 01 74 12 34" },
        // Multi-byte UTF-8 topic: "ä" is C3 A4.
        { "PUBLISH UTF-8 topic", new MqttPublishPacket { Topic = "ä" }, "30 04 00 02 C3 A4" },
        { "PUBACK", new MqttPubAckPacket { PacketIdentifier = 1 }, "40 02 00 01" },
        { "PUBREC", new MqttPubRecPacket { PacketIdentifier = 0x0102 }, "50 02 01 02" },
        // §3.6.1: PUBREL flags are 0010.
        { "PUBREL", new MqttPubRelPacket { PacketIdentifier = 0xFFFF }, "62 02 FF FF" },
        { "PUBCOMP", new MqttPubCompPacket { PacketIdentifier = 7 }, "70 02 00 07" },
        // §3.8: flags 0010, id, then (filter, requested QoS) pairs.
        { "SUBSCRIBE", new MqttSubscribePacket
            {
                PacketIdentifier = 1,
                Subscriptions = [new("a/+", MqttQualityOfService.AtLeastOnce), new("#", MqttQualityOfService.AtMostOnce)],
            },
            "82 0C 00 01 00 03 61 2F 2B 01 00 01 23 00" },
        { "SUBSCRIBE shared", new MqttSubscribePacket
            {
                PacketIdentifier = 2,
                Subscriptions = [new("$share/g/x", MqttQualityOfService.ExactlyOnce)],
            },
            "82 0F 00 02 00 0A 24 73 68 61 72 65 2F 67 2F 78 02" },
        // §3.9: one return code per filter; 0x80 = failure.
        { "SUBACK", new MqttSubAckPacket
            {
                PacketIdentifier = 1,
                ReturnCodes = [MqttSubscribeReturnCode.GrantedQoS0, MqttSubscribeReturnCode.GrantedQoS2, MqttSubscribeReturnCode.Failure],
            },
            "90 05 00 01 00 02 80" },
        // §3.10: flags 0010, id, filters.
        { "UNSUBSCRIBE", new MqttUnsubscribePacket { PacketIdentifier = 2, TopicFilters = ["a/b", "#"] },
            "A2 0A 00 02 00 03 61 2F 62 00 01 23" },
        { "UNSUBACK", new MqttUnsubAckPacket { PacketIdentifier = 2 }, "B0 02 00 02" },
        { "PINGREQ", MqttPingReqPacket.Instance, "C0 00" },
        { "PINGRESP", MqttPingRespPacket.Instance, "D0 00" },
        { "DISCONNECT", MqttDisconnectPacket.Instance, "E0 00" },
    };

    [Theory]
    [MemberData(nameof(Vectors))]
    public void Encoding_produces_the_spec_bytes(string name, MqttPacket packet, string hex)
    {
        Assert.NotEmpty(name);
        Assert.Equal(Hex.Of(Hex.Bytes(hex)), Hex.Of(new MqttPacketEncoder().Encode(packet)));
    }

    [Theory]
    [MemberData(nameof(Vectors))]
    public void Decoding_the_spec_bytes_gives_the_packet(string name, MqttPacket packet, string hex)
    {
        Assert.NotEmpty(name);
        var bytes = Hex.Bytes(hex);
        Assert.True(new MqttPacketDecoder().TryDecode(bytes, out var decoded, out var consumed));
        Assert.Equal(bytes.Length, consumed);
        PacketAssert.Equivalent(packet, decoded);
    }

    [Fact]
    public void Publish_with_a_two_byte_remaining_length_matches_the_spec_encoding()
    {
        // 200 payload bytes + 3 topic bytes = 203 = 0xCB: encoded 0xCB 0x01 (§2.2.3: 203 = 75 + 1·128).
        var packet = new MqttPublishPacket { Topic = "x", Payload = new byte[200] };
        var bytes = new MqttPacketEncoder().Encode(packet);
        Assert.Equal(Hex.Bytes("30 CB 01 00 01 78"), bytes[..6]);
        Assert.Equal(206, bytes.Length);
    }
}
