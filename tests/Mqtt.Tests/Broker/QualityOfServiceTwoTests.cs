using ShareKey.Mqtt.Packets;

namespace ShareKey.Mqtt.Tests.Broker;

/// <summary>The exactly-once exchange (MQTT 3.1.1 §4.3.3) in both directions.</summary>
public sealed class QualityOfServiceTwoTests
{
    [Fact]
    public async Task A_resent_QoS_2_publish_is_delivered_once_until_released()
    {
        await using var broker = await TestBroker.StartAsync();
        await using var subscriber = await RawMqttClient.ConnectedAsync(broker.Port, "sub");
        await subscriber.SubscribeAsync("t", MqttQualityOfService.AtMostOnce);
        await using var publisher = await RawMqttClient.ConnectedAsync(broker.Port, "pub");
        var publish = new MqttPublishPacket { Topic = "t", Payload = "once"u8.ToArray(), QualityOfService = MqttQualityOfService.ExactlyOnce, PacketIdentifier = 5 };

        await publisher.SendAsync(publish);
        Assert.Equal(5, (await publisher.ReceiveAsync<MqttPubRecPacket>()).PacketIdentifier);
        await publisher.SendAsync(new MqttPublishPacket { Topic = "t", Payload = "once"u8.ToArray(), QualityOfService = MqttQualityOfService.ExactlyOnce, PacketIdentifier = 5, Dup = true });
        Assert.Equal(5, (await publisher.ReceiveAsync<MqttPubRecPacket>()).PacketIdentifier);
        await publisher.SendAsync(new MqttPubRelPacket { PacketIdentifier = 5 });
        Assert.Equal(5, (await publisher.ReceiveAsync<MqttPubCompPacket>()).PacketIdentifier);
        // After release the identifier is free again: the same id carries a new message.
        await publisher.SendAsync(new MqttPublishPacket { Topic = "t", Payload = "again"u8.ToArray(), QualityOfService = MqttQualityOfService.ExactlyOnce, PacketIdentifier = 5 });
        await publisher.ReceiveAsync<MqttPubRecPacket>();

        Assert.Equal("once"u8.ToArray(), (await subscriber.ReceiveAsync<MqttPublishPacket>()).Payload.ToArray());
        Assert.Equal("again"u8.ToArray(), (await subscriber.ReceiveAsync<MqttPublishPacket>()).Payload.ToArray());
    }

    [Fact]
    public async Task Unreleased_QoS_2_messages_are_bounded_per_client()
    {
        await using var broker = await TestBroker.StartAsync(o => o with { MaxUnreleasedIncomingQos2PerClient = 3 });
        await using var publisher = await RawMqttClient.ConnectedAsync(broker.Port, "hoarder");
        for (ushort id = 1; id <= 4; id++)
        {
            await publisher.SendAsync(new MqttPublishPacket { Topic = "t", QualityOfService = MqttQualityOfService.ExactlyOnce, PacketIdentifier = id });
        }
        await publisher.WaitClosedAsync();
        await broker.Log.WaitForAsync("QoS 2 messages left without PUBREL");
    }

    [Fact]
    public async Task Outbound_QoS_2_waits_for_PUBREC_then_PUBCOMP_before_the_window_slot_frees()
    {
        await using var broker = await TestBroker.StartAsync(o => o with { MaxInflightMessagesPerClient = 1 });
        await using var subscriber = await RawMqttClient.ConnectedAsync(broker.Port, "sub");
        await subscriber.SubscribeAsync("t", MqttQualityOfService.ExactlyOnce);
        broker.Broker.Publish(new(topic: "t", payload: new byte[] { 1 }, MqttQualityOfService.ExactlyOnce, retain: false));
        broker.Broker.Publish(new(topic: "t", payload: new byte[] { 2 }, MqttQualityOfService.ExactlyOnce, retain: false));

        var first = await subscriber.ReceiveAsync<MqttPublishPacket>();
        Assert.True(await subscriber.ReceivesNothingAsync(), "second message sent before the first completed");
        await subscriber.SendAsync(new MqttPubRecPacket { PacketIdentifier = first.PacketIdentifier });
        Assert.Equal(first.PacketIdentifier, (await subscriber.ReceiveAsync<MqttPubRelPacket>()).PacketIdentifier);
        Assert.True(await subscriber.ReceivesNothingAsync(), "second message sent before PUBCOMP");
        await subscriber.SendAsync(new MqttPubCompPacket { PacketIdentifier = first.PacketIdentifier });

        var second = await subscriber.ReceiveAsync<MqttPublishPacket>();
        Assert.Equal(new byte[] { 2 }, second.Payload.ToArray());
    }
}
