using ShareKey.Mqtt.Packets;

namespace ShareKey.Mqtt.Tests.Broker;

/// <summary>Retained messages (MQTT 3.1.1 §3.3.1.3).</summary>
public sealed class RetainedTests
{
    [Fact]
    public async Task A_new_subscription_gets_the_retained_message_with_RETAIN_set_at_the_lower_QoS()
    {
        await using var broker = await TestBroker.StartAsync();
        await using var publisher = await RawMqttClient.ConnectedAsync(broker.Port, "pub");
        await publisher.SendAsync(new MqttPublishPacket { Topic = "car/1/state", Payload = "locked"u8.ToArray(), Retain = true, QualityOfService = MqttQualityOfService.ExactlyOnce, PacketIdentifier = 1 });
        await publisher.ReceiveAsync<MqttPubRecPacket>();

        await using var subscriber = await RawMqttClient.ConnectedAsync(broker.Port, "sub");
        await subscriber.SubscribeAsync("car/+/state", MqttQualityOfService.AtLeastOnce);

        var retained = await subscriber.ReceiveAsync<MqttPublishPacket>();
        Assert.True(retained.Retain);
        Assert.Equal(MqttQualityOfService.AtLeastOnce, retained.QualityOfService);
        Assert.Equal("locked"u8.ToArray(), retained.Payload.ToArray());
    }

    [Fact]
    public async Task Established_subscribers_get_RETAIN_clear()
    {
        await using var broker = await TestBroker.StartAsync();
        await using var subscriber = await RawMqttClient.ConnectedAsync(broker.Port, "sub");
        await subscriber.SubscribeAsync("s");
        await using var publisher = await RawMqttClient.ConnectedAsync(broker.Port, "pub");
        await publisher.SendAsync(new MqttPublishPacket { Topic = "s", Payload = new byte[] { 1 }, Retain = true });

        Assert.False((await subscriber.ReceiveAsync<MqttPublishPacket>()).Retain);
        Assert.Equal(1, broker.Counters.RetainedMessages);
    }

    [Fact]
    public async Task An_empty_retained_payload_clears_the_topic_and_is_still_forwarded()
    {
        await using var broker = await TestBroker.StartAsync();
        await using var publisher = await RawMqttClient.ConnectedAsync(broker.Port, "pub");
        await publisher.SendAsync(new MqttPublishPacket { Topic = "s", Payload = new byte[] { 1 }, Retain = true });
        await using var established = await RawMqttClient.ConnectedAsync(broker.Port, "established");
        await established.SubscribeAsync("s");
        Assert.True((await established.ReceiveAsync<MqttPublishPacket>()).Retain);

        await publisher.SendAsync(new MqttPublishPacket { Topic = "s", Retain = true });
        Assert.True((await established.ReceiveAsync<MqttPublishPacket>()).Payload.IsEmpty);

        await using var late = await RawMqttClient.ConnectedAsync(broker.Port, "late");
        await late.SubscribeAsync("s");
        Assert.True(await late.ReceivesNothingAsync());
        Assert.Equal(0, broker.Counters.RetainedMessages);
    }

    [Fact]
    public async Task Shared_subscriptions_get_no_retained_messages()
    {
        await using var broker = await TestBroker.StartAsync();
        broker.Broker.Publish(new("s", new byte[] { 1 }, MqttQualityOfService.AtMostOnce, retain: true));
        await using var member = await RawMqttClient.ConnectedAsync(broker.Port, "member");
        await member.SubscribeAsync("$share/g/s");
        Assert.True(await member.ReceivesNothingAsync());
    }
}
