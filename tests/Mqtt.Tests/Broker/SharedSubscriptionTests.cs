using ShareKey.Mqtt.Packets;

namespace ShareKey.Mqtt.Tests.Broker;

/// <summary><c>$share/{group}/{filter}</c>: one copy per group, handed round-robin to its members.</summary>
public sealed class SharedSubscriptionTests
{
    [Fact]
    public async Task Each_group_gets_one_copy_spread_evenly_and_plain_subscribers_get_all()
    {
        await using var broker = await TestBroker.StartAsync();
        var workers = new List<RawMqttClient>();
        for (var i = 0; i < 3; i++)
        {
            var worker = await RawMqttClient.ConnectedAsync(broker.Port, $"worker-{i}");
            await worker.SubscribeAsync("$share/keyservice/sk/+/up");
            workers.Add(worker);
        }
        await using var auditor = await RawMqttClient.ConnectedAsync(broker.Port, "auditor");
        await auditor.SubscribeAsync("$share/audit/sk/#");
        await using var plain = await RawMqttClient.ConnectedAsync(broker.Port, "plain");
        await plain.SubscribeAsync("sk/+/up");

        for (byte i = 0; i < 9; i++)
        {
            broker.Broker.Publish(new($"sk/dev{i}/up", new[] { i }, MqttQualityOfService.AtMostOnce, retain: false));
        }

        var seen = new List<byte>();
        foreach (var worker in workers)
        {
            for (var n = 0; n < 3; n++)
            {
                seen.Add((await worker.ReceiveAsync<MqttPublishPacket>()).Payload.Span[0]);
            }
        }
        Assert.Equal(Enumerable.Range(0, 9).Select(i => (byte)i), seen.Order());
        for (var n = 0; n < 9; n++)
        {
            await auditor.ReceiveAsync<MqttPublishPacket>();
            await plain.ReceiveAsync<MqttPublishPacket>();
        }
        foreach (var worker in workers)
        {
            Assert.True(await worker.ReceivesNothingAsync());
            await worker.DisposeAsync();
        }
    }

    [Fact]
    public async Task Connected_members_are_preferred_over_offline_persistent_ones()
    {
        await using var broker = await TestBroker.StartAsync();
        var offline = await RawMqttClient.ConnectedAsync(broker.Port, "offline", cleanSession: false);
        await offline.SubscribeAsync("$share/g/t", MqttQualityOfService.AtLeastOnce);
        await offline.DisconnectAsync();
        await offline.DisposeAsync();
        await using var online = await RawMqttClient.ConnectedAsync(broker.Port, "online");
        await online.SubscribeAsync("$share/g/t", MqttQualityOfService.AtLeastOnce);

        for (byte i = 0; i < 4; i++)
        {
            broker.Broker.Publish(new("t", new[] { i }, MqttQualityOfService.AtLeastOnce, retain: false));
        }

        for (byte i = 0; i < 4; i++)
        {
            var message = await online.ReceiveAsync<MqttPublishPacket>();
            Assert.Equal(new[] { i }, message.Payload.ToArray());
            await online.SendAsync(new MqttPubAckPacket { PacketIdentifier = message.PacketIdentifier });
        }
    }

    [Fact]
    public async Task Unsubscribing_leaves_the_group()
    {
        await using var broker = await TestBroker.StartAsync();
        await using var leaver = await RawMqttClient.ConnectedAsync(broker.Port, "leaver");
        await leaver.SubscribeAsync("$share/g/t");
        await using var stayer = await RawMqttClient.ConnectedAsync(broker.Port, "stayer");
        await stayer.SubscribeAsync("$share/g/t");
        await leaver.SendAsync(new MqttUnsubscribePacket { PacketIdentifier = 2, TopicFilters = ["$share/g/t"] });
        await leaver.ReceiveAsync<MqttUnsubAckPacket>();

        broker.Broker.Publish(new("t", new byte[] { 1 }, MqttQualityOfService.AtMostOnce, retain: false));
        broker.Broker.Publish(new("t", new byte[] { 2 }, MqttQualityOfService.AtMostOnce, retain: false));

        await stayer.ReceiveAsync<MqttPublishPacket>();
        await stayer.ReceiveAsync<MqttPublishPacket>();
        Assert.True(await leaver.ReceivesNothingAsync());
    }
}
