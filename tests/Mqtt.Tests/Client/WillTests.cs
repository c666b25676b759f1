using ShareKey.Mqtt.Packets;
using ShareKey.Mqtt.Tests.Fixtures;

namespace ShareKey.Mqtt.Tests.Client;

public sealed class WillTests
{
    [Theory]
    [MemberData(nameof(TestBrokers.All), MemberType = typeof(TestBrokers))]
    public async Task The_will_is_published_when_the_client_vanishes_without_disconnect(BrokerKind kind)
    {
        await using var environment = new TestEnvironment();
        var broker = environment.Own(await TestBrokers.StartAsync(kind, environment));
        var proxy = environment.Own(new TcpFaultProxy(broker.Host, broker.Port));
        var watcher = await TestClients.ConnectAsync(environment, broker, TestUser.Admin);
        var inbox = new MessageInbox(watcher);
        await watcher.SubscribeAsync("sk/device-1/status", MqttQualityOfService.AtLeastOnce);
        var options = TestClients.Options(environment, proxy.Host, proxy.Port, TestUser.Device1) with
        {
            Will = new MqttWill { Topic = "sk/device-1/status", Payload = "offline"u8.ToArray(), QualityOfService = MqttQualityOfService.AtLeastOnce },
            Reconnect = new() { Enabled = false },
        };
        await TestClients.ConnectAsync(environment, options);

        proxy.DropAll(); // a reset socket, as when the device loses power

        var will = await inbox.NextAsync();
        Assert.Equal("offline"u8.ToArray(), will.Payload.ToArray());
    }

    [Theory]
    [MemberData(nameof(TestBrokers.All), MemberType = typeof(TestBrokers))]
    public async Task A_clean_disconnect_discards_the_will(BrokerKind kind)
    {
        await using var environment = new TestEnvironment();
        var broker = environment.Own(await TestBrokers.StartAsync(kind, environment));
        var watcher = await TestClients.ConnectAsync(environment, broker, TestUser.Admin);
        var inbox = new MessageInbox(watcher);
        await watcher.SubscribeAsync("sk/device-1/#", MqttQualityOfService.AtLeastOnce);
        var options = TestClients.Options(environment, broker, TestUser.Device1) with
        {
            Will = new MqttWill { Topic = "sk/device-1/status", Payload = "offline"u8.ToArray() },
        };
        var device = await TestClients.ConnectAsync(environment, options);

        await device.DisconnectAsync();
        // Once the broker has closed the old connection, its will is published or dropped for good; the marker
        // sent after that comes after any will.
        await broker.WaitUntilClosedAsync(options.ClientId);
        await device.ConnectAsync();
        await device.PublishTextAsync("sk/device-1/status", "marker");

        Assert.Empty(await inbox.TextsBeforeMarkerAsync("marker"));
    }
}
