using ShareKey.Mqtt.Packets;

namespace ShareKey.Mqtt.Tests.Broker;

/// <summary>A second connection with the same client id takes the session and closes the first [MQTT-3.1.4-2].</summary>
public sealed class SessionTakeoverTests
{
    [Fact]
    public async Task The_old_connection_is_closed_and_the_new_one_keeps_the_subscriptions()
    {
        await using var broker = await TestBroker.StartAsync();
        await using var first = await RawMqttClient.ConnectedAsync(broker.Port, "device", cleanSession: false);
        await first.SubscribeAsync("d", MqttQualityOfService.AtLeastOnce);

        var (second, connAck) = await RawMqttClient.ConnectAsync(broker.Port, new MqttConnectPacket { ClientId = "device", CleanSession = false });
        await using var _ = second;
        Assert.True(connAck.SessionPresent);
        await first.WaitClosedAsync();
        await broker.Log.WaitForAsync("client device: new connection from");

        broker.Broker.Publish(new("d", new byte[] { 1 }, MqttQualityOfService.AtLeastOnce, retain: false));
        Assert.Equal(new byte[] { 1 }, (await second.ReceiveAsync<MqttPublishPacket>()).Payload.ToArray());
    }

    [Fact]
    public async Task The_taken_over_connection_publishes_its_will_as_MQTT_5_and_Mosquitto_do()
    {
        await using var broker = await TestBroker.StartAsync();
        await using var watcher = await RawMqttClient.ConnectedAsync(broker.Port, "watcher");
        await watcher.SubscribeAsync("status");
        await using var first = await RawMqttClient.ConnectedAsync(broker.Port, "device", will: new MqttWill { Topic = "status", Payload = "lost"u8.ToArray() });

        await using var second = await RawMqttClient.ConnectedAsync(broker.Port, "device");

        Assert.Equal("lost"u8.ToArray(), (await watcher.ReceiveAsync<MqttPublishPacket>()).Payload.ToArray());
        await first.WaitClosedAsync();
    }
}
