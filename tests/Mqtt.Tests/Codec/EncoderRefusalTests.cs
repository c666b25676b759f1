using ShareKey.Mqtt.Formatter;
using ShareKey.Mqtt.Packets;

namespace ShareKey.Mqtt.Tests.Codec;

/// <summary>The encoder refuses to put on the wire anything the decoder would refuse.</summary>
public sealed class EncoderRefusalTests
{
    public static TheoryData<MqttPacket, MqttProtocolError> Invalid => new()
    {
        { new MqttPublishPacket { Topic = "a/+" }, MqttProtocolError.InvalidTopicName },
        { new MqttPublishPacket { Topic = "" }, MqttProtocolError.InvalidTopicName },
        { new MqttPublishPacket { Topic = "a", QualityOfService = MqttQualityOfService.AtLeastOnce }, MqttProtocolError.InvalidPacketIdentifier },
        { new MqttPublishPacket { Topic = "a", QualityOfService = (MqttQualityOfService)3, PacketIdentifier = 1 }, MqttProtocolError.InvalidQualityOfService },
        { new MqttPublishPacket { Topic = "a", Dup = true }, MqttProtocolError.InvalidDuplicateFlag },
        { new MqttPubAckPacket(), MqttProtocolError.InvalidPacketIdentifier },
        { new MqttSubscribePacket { PacketIdentifier = 1, Subscriptions = [] }, MqttProtocolError.EmptySubscription },
        { new MqttSubscribePacket { PacketIdentifier = 1, Subscriptions = [new("a/#/b", MqttQualityOfService.AtMostOnce)] }, MqttProtocolError.InvalidTopicFilter },
        { new MqttUnsubscribePacket { PacketIdentifier = 1, TopicFilters = [] }, MqttProtocolError.EmptySubscription },
        { new MqttSubAckPacket { PacketIdentifier = 1, ReturnCodes = [(MqttSubscribeReturnCode)3] }, MqttProtocolError.InvalidReturnCode },
        { new MqttConnAckPacket { SessionPresent = true, ReturnCode = MqttConnectReturnCode.NotAuthorized }, MqttProtocolError.MalformedPacket },
        { new MqttConnectPacket { ClientId = "c", Password = new byte[] { 1 } }, MqttProtocolError.InvalidConnectFlags },
        { new MqttConnectPacket { ClientId = "c", Will = new MqttWill { Topic = "#" } }, MqttProtocolError.InvalidTopicName },
        { new MqttConnectPacket { ClientId = "a\0" }, MqttProtocolError.InvalidUtf8String },
    };

    [Theory]
    [MemberData(nameof(Invalid))]
    public void Invalid_packets_are_not_encoded(MqttPacket packet, MqttProtocolError reason) =>
        Assert.Equal(reason, Assert.Throws<MqttProtocolException>(() => new MqttPacketEncoder().Encode(packet)).Reason);
}
