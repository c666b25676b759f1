using ShareKey.Mqtt.Packets;

namespace ShareKey.Mqtt.Tests.Broker;

/// <summary>A subscriber that stops reading costs only itself: publishers and other subscribers keep going.</summary>
public sealed class SlowConsumerTests
{
    private const int Messages = 3_000;

    [Fact]
    public async Task A_subscriber_that_never_reads_does_not_stall_the_publisher_or_the_others()
    {
        // Queues hold the whole run, so the healthy subscriber can never lose a message however the machine
        // schedules it; the stuck one still hits the socket-queue bound, where its QoS 0 traffic is dropped.
        await using var broker = await TestBroker.StartAsync(o => o with
        {
            MaxQueuedMessagesPerClient = Messages,
            MaxOutboundPacketsPerConnection = 100,
        });
        await using var stuck = await RawMqttClient.ConnectedAsync(broker.Port, "stuck");
        await stuck.SubscribeAsync("feed", MqttQualityOfService.AtLeastOnce, id: 1);
        await stuck.SubscribeAsync("feed/zero", MqttQualityOfService.AtMostOnce, id: 2);
        await using var healthy = await RawMqttClient.ConnectedAsync(broker.Port, "healthy");
        await healthy.SubscribeAsync("feed", MqttQualityOfService.AtLeastOnce);
        await using var publisher = await RawMqttClient.ConnectedAsync(broker.Port, "publisher");
        var payload = new byte[8 * 1024];

        var receiving = Task.Run(async () =>
        {
            for (var i = 0; i < Messages; i++)
            {
                var message = await healthy.ReceiveAsync<MqttPublishPacket>();
                await healthy.SendAsync(new MqttPubAckPacket { PacketIdentifier = message.PacketIdentifier });
            }
        });
        for (var i = 1; i <= Messages; i++)
        {
            await publisher.SendAsync(new MqttPublishPacket { Topic = "feed", Payload = payload, QualityOfService = MqttQualityOfService.AtLeastOnce, PacketIdentifier = (ushort)i });
            await publisher.SendAsync(new MqttPublishPacket { Topic = "feed/zero", Payload = payload });
            Assert.Equal(i, (await publisher.ReceiveAsync<MqttPubAckPacket>()).PacketIdentifier);
        }
        await receiving.WaitAsync(TestTimeouts.Signal);

        Assert.True(broker.Counters.MessagesDropped > 0, "the stuck subscriber's socket queue never filled");
    }
}
