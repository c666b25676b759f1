using ShareKey.Mqtt.Packets;

namespace ShareKey.Mqtt.Tests.Broker;

/// <summary>Routing between subscribers: QoS downgrade, wildcards, '$' topics, overlapping filters, unsubscribe.</summary>
public sealed class PublishSubscribeTests
{
    [Theory]
    [InlineData(MqttQualityOfService.AtMostOnce, MqttQualityOfService.AtMostOnce)]
    [InlineData(MqttQualityOfService.AtLeastOnce, MqttQualityOfService.AtLeastOnce)]
    [InlineData(MqttQualityOfService.ExactlyOnce, MqttQualityOfService.ExactlyOnce)]
    [InlineData(MqttQualityOfService.ExactlyOnce, MqttQualityOfService.AtLeastOnce)]
    [InlineData(MqttQualityOfService.AtLeastOnce, MqttQualityOfService.ExactlyOnce)]
    public async Task Messages_arrive_at_the_lower_of_published_and_granted_QoS(MqttQualityOfService published, MqttQualityOfService granted)
    {
        await using var broker = await TestBroker.StartAsync();
        await using var subscriber = await RawMqttClient.ConnectedAsync(broker.Port, "sub");
        await subscriber.SubscribeAsync("sk/+/up", granted);
        await using var publisher = await RawMqttClient.ConnectedAsync(broker.Port, "pub");

        await publisher.SendAsync(new MqttPublishPacket
        {
            Topic = "sk/dev1/up", Payload = "frame"u8.ToArray(), QualityOfService = published,
            PacketIdentifier = published == MqttQualityOfService.AtMostOnce ? (ushort)0 : (ushort)7,
        });
        switch (published)
        {
            case MqttQualityOfService.AtLeastOnce:
                Assert.Equal(7, (await publisher.ReceiveAsync<MqttPubAckPacket>()).PacketIdentifier);
                break;
            case MqttQualityOfService.ExactlyOnce:
                Assert.Equal(7, (await publisher.ReceiveAsync<MqttPubRecPacket>()).PacketIdentifier);
                await publisher.SendAsync(new MqttPubRelPacket { PacketIdentifier = 7 });
                Assert.Equal(7, (await publisher.ReceiveAsync<MqttPubCompPacket>()).PacketIdentifier);
                break;
        }

        var delivered = await subscriber.ReceiveAsync<MqttPublishPacket>();
        var expected = published < granted ? published : granted;
        Assert.Equal(expected, delivered.QualityOfService);
        Assert.Equal("sk/dev1/up", delivered.Topic);
        Assert.Equal("frame"u8.ToArray(), delivered.Payload.ToArray());
        Assert.False(delivered.Retain);
        Assert.False(delivered.Dup);
        switch (expected)
        {
            case MqttQualityOfService.AtLeastOnce:
                await subscriber.SendAsync(new MqttPubAckPacket { PacketIdentifier = delivered.PacketIdentifier });
                break;
            case MqttQualityOfService.ExactlyOnce:
                await subscriber.SendAsync(new MqttPubRecPacket { PacketIdentifier = delivered.PacketIdentifier });
                Assert.Equal(delivered.PacketIdentifier, (await subscriber.ReceiveAsync<MqttPubRelPacket>()).PacketIdentifier);
                await subscriber.SendAsync(new MqttPubCompPacket { PacketIdentifier = delivered.PacketIdentifier });
                break;
        }
        await subscriber.SendAsync(MqttPingReqPacket.Instance);
        await subscriber.ReceiveAsync<MqttPingRespPacket>();
    }

    [Fact]
    public async Task Overlapping_filters_deliver_one_copy_at_the_highest_granted_QoS()
    {
        await using var broker = await TestBroker.StartAsync();
        await using var subscriber = await RawMqttClient.ConnectedAsync(broker.Port, "sub");
        await subscriber.SubscribeAsync("a/#", MqttQualityOfService.AtMostOnce, id: 1);
        await subscriber.SubscribeAsync("a/+", MqttQualityOfService.AtLeastOnce, id: 2);
        await using var publisher = await RawMqttClient.ConnectedAsync(broker.Port, "pub");

        await publisher.SendAsync(new MqttPublishPacket { Topic = "a/b", QualityOfService = MqttQualityOfService.AtLeastOnce, PacketIdentifier = 1 });

        var delivered = await subscriber.ReceiveAsync<MqttPublishPacket>();
        Assert.Equal(MqttQualityOfService.AtLeastOnce, delivered.QualityOfService);
        Assert.True(await subscriber.ReceivesNothingAsync());
    }

    [Fact]
    public async Task Wildcards_do_not_match_dollar_topics()
    {
        await using var broker = await TestBroker.StartAsync();
        await using var subscriber = await RawMqttClient.ConnectedAsync(broker.Port, "sub");
        await subscriber.SubscribeAsync("#");
        await using var publisher = await RawMqttClient.ConnectedAsync(broker.Port, "pub");

        await publisher.SendAsync(new MqttPublishPacket { Topic = "$internal/x" });
        await publisher.SendAsync(new MqttPublishPacket { Topic = "visible" });

        Assert.Equal("visible", (await subscriber.ReceiveAsync<MqttPublishPacket>()).Topic);
    }

    [Fact]
    public async Task Unsubscribe_stops_delivery_and_is_acknowledged_even_for_unknown_filters()
    {
        await using var broker = await TestBroker.StartAsync();
        await using var subscriber = await RawMqttClient.ConnectedAsync(broker.Port, "sub");
        await subscriber.SubscribeAsync("t");
        await subscriber.SendAsync(new MqttUnsubscribePacket { PacketIdentifier = 9, TopicFilters = ["t", "never/subscribed"] });
        Assert.Equal(9, (await subscriber.ReceiveAsync<MqttUnsubAckPacket>()).PacketIdentifier);
        await using var publisher = await RawMqttClient.ConnectedAsync(broker.Port, "pub");

        await publisher.SendAsync(new MqttPublishPacket { Topic = "t" });

        Assert.True(await subscriber.ReceivesNothingAsync());
    }

    [Fact]
    public async Task In_process_publish_reaches_subscribers()
    {
        await using var broker = await TestBroker.StartAsync();
        await using var subscriber = await RawMqttClient.ConnectedAsync(broker.Port, "sub");
        await subscriber.SubscribeAsync("sk/dev1/down", MqttQualityOfService.AtLeastOnce);

        broker.Broker.Publish(new ShareKey.Mqtt.Broker.MqttApplicationMessage("sk/dev1/down", new byte[] { 1, 2 }, MqttQualityOfService.AtLeastOnce, retain: false));

        var delivered = await subscriber.ReceiveAsync<MqttPublishPacket>();
        Assert.Equal(new byte[] { 1, 2 }, delivered.Payload.ToArray());
        Assert.NotEqual(0, delivered.PacketIdentifier);
    }
}
