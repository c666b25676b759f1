using ShareKey.Mqtt.Packets;

namespace ShareKey.Mqtt.Tests.Broker;

/// <summary>Sessions that outlive connections (clean session 0, MQTT 3.1.1 §3.1.2.4, §4.4).</summary>
public sealed class PersistentSessionTests
{
    [Fact]
    public async Task Messages_for_an_offline_client_wait_and_arrive_in_order_on_reconnect()
    {
        await using var broker = await TestBroker.StartAsync();
        var device = await RawMqttClient.ConnectedAsync(broker.Port, "device", cleanSession: false);
        await device.SubscribeAsync("sk/device/down", MqttQualityOfService.AtLeastOnce);
        await device.DisconnectAsync();
        await device.DisposeAsync();

        for (byte i = 1; i <= 3; i++)
        {
            broker.Broker.Publish(new("sk/device/down", new[] { i }, MqttQualityOfService.AtLeastOnce, retain: false));
        }
        broker.Broker.Publish(new("sk/device/down", new byte[] { 99 }, MqttQualityOfService.AtMostOnce, retain: false));

        var (again, connAck) = await RawMqttClient.ConnectAsync(broker.Port, new MqttConnectPacket { ClientId = "device", CleanSession = false });
        await using var _ = again;
        Assert.True(connAck.SessionPresent);
        for (byte i = 1; i <= 3; i++)
        {
            var message = await again.ReceiveAsync<MqttPublishPacket>();
            Assert.Equal(new[] { i }, message.Payload.ToArray());
            await again.SendAsync(new MqttPubAckPacket { PacketIdentifier = message.PacketIdentifier });
        }
        // QoS 0 is not queued for offline clients.
        Assert.True(await again.ReceivesNothingAsync());
    }

    [Fact]
    public async Task Unacknowledged_messages_are_resent_with_DUP_after_reconnect()
    {
        await using var broker = await TestBroker.StartAsync();
        var device = await RawMqttClient.ConnectedAsync(broker.Port, "device", cleanSession: false);
        await device.SubscribeAsync("d", MqttQualityOfService.AtLeastOnce);
        broker.Broker.Publish(new("d", new byte[] { 7 }, MqttQualityOfService.AtLeastOnce, retain: false));
        var first = await device.ReceiveAsync<MqttPublishPacket>();
        Assert.False(first.Dup);
        device.Kill();

        await using var again = await RawMqttClient.ConnectedAsync(broker.Port, "device", cleanSession: false);
        var resent = await again.ReceiveAsync<MqttPublishPacket>();
        Assert.True(resent.Dup);
        Assert.Equal(first.PacketIdentifier, resent.PacketIdentifier);
        Assert.Equal(new byte[] { 7 }, resent.Payload.ToArray());
    }

    [Fact]
    public async Task A_QoS_2_flight_past_PUBREC_resumes_with_PUBREL()
    {
        await using var broker = await TestBroker.StartAsync();
        var device = await RawMqttClient.ConnectedAsync(broker.Port, "device", cleanSession: false);
        await device.SubscribeAsync("d", MqttQualityOfService.ExactlyOnce);
        broker.Broker.Publish(new("d", new byte[] { 7 }, MqttQualityOfService.ExactlyOnce, retain: false));
        var publish = await device.ReceiveAsync<MqttPublishPacket>();
        await device.SendAsync(new MqttPubRecPacket { PacketIdentifier = publish.PacketIdentifier });
        await device.ReceiveAsync<MqttPubRelPacket>();
        device.Kill();

        await using var again = await RawMqttClient.ConnectedAsync(broker.Port, "device", cleanSession: false);
        Assert.Equal(publish.PacketIdentifier, (await again.ReceiveAsync<MqttPubRelPacket>()).PacketIdentifier);
    }

    [Fact]
    public async Task Clean_session_discards_the_stored_session()
    {
        await using var broker = await TestBroker.StartAsync();
        var device = await RawMqttClient.ConnectedAsync(broker.Port, "device", cleanSession: false);
        await device.SubscribeAsync("d", MqttQualityOfService.AtLeastOnce);
        await device.DisconnectAsync();
        await device.DisposeAsync();
        broker.Broker.Publish(new("d", new byte[] { 1 }, MqttQualityOfService.AtLeastOnce, retain: false));

        var (clean, connAck) = await RawMqttClient.ConnectAsync(broker.Port, new MqttConnectPacket { ClientId = "device", CleanSession = true });
        await using var _ = clean;
        Assert.False(connAck.SessionPresent);
        Assert.True(await clean.ReceivesNothingAsync());
        await clean.DisconnectAsync();
        await Eventually.TrueAsync(() => broker.Counters.Sessions == 0, "the clean session's state dropped", TestTimeouts.Signal);
    }
}
