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

    [Fact]
    public async Task A_client_given_its_own_bound_keeps_more_while_others_keep_the_default()
    {
        await using var broker = await TestBroker.StartAsync(o => o with
        {
            MaxQueuedMessagesPerClient = 5,
            MaxQueuedMessagesFor = clientId => clientId == "backend" ? 20 : null,
        });
        foreach (var clientId in new[] { "backend", "device" })
        {
            var client = await RawMqttClient.ConnectedAsync(broker.Port, clientId, cleanSession: false);
            await client.SubscribeAsync("d", MqttQualityOfService.AtLeastOnce);
            await client.DisconnectAsync();
            await client.DisposeAsync();
        }

        for (byte i = 1; i <= 12; i++)
        {
            broker.Broker.Publish(new("d", new[] { i }, MqttQualityOfService.AtLeastOnce, retain: false));
        }
        await broker.Log.WaitForAsync("client device: queue full (5 messages), dropping the oldest");
        Assert.Equal(7, broker.Counters.MessagesDropped);

        await using var backend = await RawMqttClient.ConnectedAsync(broker.Port, "backend", cleanSession: false);
        for (byte i = 1; i <= 12; i++)
        {
            var message = await backend.ReceiveAsync<MqttPublishPacket>();
            Assert.Equal(new[] { i }, message.Payload.ToArray());
            await backend.SendAsync(new MqttPubAckPacket { PacketIdentifier = message.PacketIdentifier });
        }
        Assert.Equal(7, broker.Counters.MessagesDropped);
    }
}
