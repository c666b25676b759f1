using ShareKey.Mqtt.Client;
using ShareKey.Mqtt.Packets;
using ShareKey.Mqtt.Tests.Fixtures;

namespace ShareKey.Mqtt.Tests.Client;

public sealed class ReconnectTests
{
    [Theory]
    [MemberData(nameof(TestBrokers.All), MemberType = typeof(TestBrokers))]
    public async Task A_clean_session_client_reconnects_and_subscribes_again(BrokerKind kind)
    {
        await using var environment = new TestEnvironment();
        var broker = environment.Own(await TestBrokers.StartAsync(kind, environment));
        var proxy = environment.Own(new TcpFaultProxy(broker.Host, broker.Port));
        var client = environment.Own(new MqttClient(TestClients.Options(environment, proxy.Host, proxy.Port, TestUser.Admin)));
        var inbox = new MessageInbox(client);
        var states = new StateWatcher(client);
        await client.ConnectAsync();
        await client.SubscribeAsync("sk/device-1/up", MqttQualityOfService.AtLeastOnce);

        proxy.DropAll();
        await states.NextAsync(MqttClientState.Reconnecting);
        await states.NextAsync(MqttClientState.Connected);
        // Published on the same connection as the resubscribe, so the broker has handled that first.
        await client.PublishTextAsync("sk/device-1/up", "after reconnect");

        Assert.Equal("after reconnect", await inbox.NextTextAsync());
    }

    [Theory]
    [MemberData(nameof(TestBrokers.All), MemberType = typeof(TestBrokers))]
    public async Task Publishes_made_while_reconnecting_are_sent_once_connected(BrokerKind kind)
    {
        await using var environment = new TestEnvironment();
        var broker = environment.Own(await TestBrokers.StartAsync(kind, environment));
        var subscriber = await TestClients.ConnectAsync(environment, broker, TestUser.Admin);
        var inbox = new MessageInbox(subscriber);
        await subscriber.SubscribeAsync("sk/device-1/up", MqttQualityOfService.AtLeastOnce);
        var proxy = environment.Own(new TcpFaultProxy(broker.Host, broker.Port));
        var publisher = environment.Own(new MqttClient(TestClients.Options(environment, proxy.Host, proxy.Port, TestUser.Device1)));
        var states = new StateWatcher(publisher);
        await publisher.ConnectAsync();

        proxy.Freeze();
        proxy.DropAll();
        await states.NextAsync(MqttClientState.Reconnecting);
        var publishes = Enumerable.Range(0, 5).Select(i => publisher.PublishTextAsync("sk/device-1/up", $"m{i}")).ToArray();
        proxy.Thaw();
        await Task.WhenAll(publishes).WaitAsync(Signals.Timeout);

        var received = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            received.Add(await inbox.NextTextAsync());
        }

        Assert.Equal(["m0", "m1", "m2", "m3", "m4"], received);
    }
}
