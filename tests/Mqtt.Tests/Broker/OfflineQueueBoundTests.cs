using ShareKey.Mqtt.Packets;

namespace ShareKey.Mqtt.Tests.Broker;

/// <summary>The per-client queue is bounded: the oldest message goes first, and it is counted and logged.</summary>
public sealed class OfflineQueueBoundTests
{
    [Fact]
    public async Task A_full_queue_drops_the_oldest_counts_and_logs()
    {
        await using var broker = await TestBroker.StartAsync(o => o with { MaxQueuedMessagesPerClient = 5 });
        var device = await RawMqttClient.ConnectedAsync(broker.Port, "device", cleanSession: false);
        await device.SubscribeAsync("d", MqttQualityOfService.AtLeastOnce);
        await device.DisconnectAsync();
        await device.DisposeAsync();

        for (byte i = 1; i <= 8; i++)
        {
            broker.Broker.Publish(new("d", new[] { i }, MqttQualityOfService.AtLeastOnce, retain: false));
        }
        await broker.Log.WaitForAsync("client device: queue full (5 messages), dropping the oldest");
        Assert.Equal(3, broker.Counters.MessagesDropped);

        await using var again = await RawMqttClient.ConnectedAsync(broker.Port, "device", cleanSession: false);
        for (byte i = 4; i <= 8; i++)
        {
            var message = await again.ReceiveAsync<MqttPublishPacket>();
            Assert.Equal(new[] { i }, message.Payload.ToArray());
            await again.SendAsync(new MqttPubAckPacket { PacketIdentifier = message.PacketIdentifier });
        }
        await broker.Log.WaitForAsync("client device: queue has room again; 3 messages were dropped while it was full");
    }
}
