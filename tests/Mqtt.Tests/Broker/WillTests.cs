using ShareKey.Mqtt.Packets;

namespace ShareKey.Mqtt.Tests.Broker;

/// <summary>Will messages (MQTT 3.1.1 §3.1.2.5): published when a client vanishes, never after DISCONNECT.</summary>
public sealed class WillTests
{
    private static readonly MqttWill Will = new()
    {
        Topic = "sk/dev/status", Payload = "offline"u8.ToArray(), QualityOfService = MqttQualityOfService.AtLeastOnce,
    };

    [Fact]
    public async Task A_killed_socket_publishes_the_will()
    {
        await using var broker = await TestBroker.StartAsync();
        await using var watcher = await WatcherAsync(broker);
        var device = await RawMqttClient.ConnectedAsync(broker.Port, "dev", will: Will);

        device.Kill();

        var will = await watcher.ReceiveAsync<MqttPublishPacket>();
        Assert.Equal("sk/dev/status", will.Topic);
        Assert.Equal("offline"u8.ToArray(), will.Payload.ToArray());
        Assert.Equal(MqttQualityOfService.AtLeastOnce, will.QualityOfService);
    }

    [Fact]
    public async Task DISCONNECT_discards_the_will()
    {
        await using var broker = await TestBroker.StartAsync();
        await using var watcher = await WatcherAsync(broker);
        var device = await RawMqttClient.ConnectedAsync(broker.Port, "dev", will: Will);

        await device.DisconnectAsync();
        await device.DisposeAsync();
        broker.Broker.Publish(new("sk/dev/marker", new byte[] { 1 }, MqttQualityOfService.AtMostOnce, retain: false));

        // The marker was published after the disconnect completed; it must be the first and only message.
        Assert.Equal("sk/dev/marker", (await watcher.ReceiveAsync<MqttPublishPacket>()).Topic);
        Assert.True(await watcher.ReceivesNothingAsync());
    }

    [Fact]
    public async Task A_protocol_error_publishes_the_will()
    {
        await using var broker = await TestBroker.StartAsync();
        await using var watcher = await WatcherAsync(broker);
        await using var device = await RawMqttClient.ConnectedAsync(broker.Port, "dev", will: Will);

        await device.SendAsync(new byte[] { 0xC1, 0x00 });

        Assert.Equal("sk/dev/status", (await watcher.ReceiveAsync<MqttPublishPacket>()).Topic);
    }

    [Fact]
    public async Task A_retained_will_is_stored()
    {
        await using var broker = await TestBroker.StartAsync();
        await using var watcher = await WatcherAsync(broker);
        var device = await RawMqttClient.ConnectedAsync(broker.Port, "dev",
            will: new MqttWill { Topic = "sk/dev/status", Payload = "gone"u8.ToArray(), Retain = true });

        device.Kill();
        await watcher.ReceiveAsync<MqttPublishPacket>();

        await using var late = await RawMqttClient.ConnectedAsync(broker.Port, "late");
        await late.SubscribeAsync("sk/dev/status");
        Assert.True((await late.ReceiveAsync<MqttPublishPacket>()).Retain);
    }

    [Fact]
    public async Task A_will_on_a_forbidden_topic_is_not_published()
    {
        await using var broker = await TestBroker.StartAsync(o => o with { Authenticator = TestUserAccess.Instance, Authorizer = TestUserAccess.Instance });
        var (watcher, _) = await RawMqttClient.ConnectAsync(broker.Port,
            new MqttConnectPacket { ClientId = "w", Username = "admin", Password = "admin-secret"u8.ToArray() });
        await using var __ = watcher;
        await watcher.SubscribeAsync("sk/#");
        var (device, connAck) = await RawMqttClient.ConnectAsync(broker.Port, new MqttConnectPacket
        {
            ClientId = "d1", Username = "device-1", Password = "device-1-secret"u8.ToArray(),
            Will = new MqttWill { Topic = "sk/device-2/down", Payload = "forged"u8.ToArray() },
        });
        Assert.Equal(MqttConnectReturnCode.Accepted, connAck.ReturnCode);

        device.Kill();

        await broker.Log.WaitForAsync("publish to 'sk/device-2/down' denied");
        Assert.True(await watcher.ReceivesNothingAsync());
    }

    private static async Task<RawMqttClient> WatcherAsync(TestBroker broker)
    {
        var watcher = await RawMqttClient.ConnectedAsync(broker.Port, "watcher");
        await watcher.SubscribeAsync("sk/dev/#", MqttQualityOfService.AtLeastOnce);
        return watcher;
    }
}
