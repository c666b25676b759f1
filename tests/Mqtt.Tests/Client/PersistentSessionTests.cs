using ShareKey.Mqtt.Client;
using ShareKey.Mqtt.Packets;
using ShareKey.Mqtt.Tests.Fixtures;

namespace ShareKey.Mqtt.Tests.Client;

/// <summary>Clean session = 0 (§3.1.2.4): QoS 1/2 state survives lost connections and broker restarts.</summary>
public sealed class PersistentSessionTests
{
    [Theory]
    [MemberData(nameof(TestBrokers.All), MemberType = typeof(TestBrokers))]
    public async Task Unacknowledged_qos1_publishes_are_delivered_after_the_broker_restarts(BrokerKind kind)
    {
        await using var environment = new TestEnvironment();
        var broker = environment.Own(await TestBrokers.StartAsync(kind, environment));
        var subscriberOptions = TestClients.Options(environment, broker, TestUser.Admin) with { CleanSession = false };
        var subscriber = environment.Own(new MqttClient(subscriberOptions));
        var inbox = new MessageInbox(subscriber);
        await subscriber.ConnectAsync();
        await subscriber.SubscribeAsync("sk/device-1/up", MqttQualityOfService.AtLeastOnce);
        var proxy = environment.Own(new TcpFaultProxy(broker.Host, broker.Port));
        var publisherOptions = TestClients.Options(environment, proxy.Host, proxy.Port, TestUser.Device1) with { CleanSession = false };
        var publisher = await TestClients.ConnectAsync(environment, publisherOptions);

        proxy.SwallowClientBytesOnCurrentConnections(); // the broker never sees these, so never acknowledges them
        var publishes = Enumerable.Range(0, 3).Select(i => publisher.PublishTextAsync("sk/device-1/up", $"m{i}")).ToArray();
        await broker.RestartAsync();
        await Task.WhenAll(publishes).WaitAsync(Signals.Timeout);

        Assert.Equal("m0", await inbox.NextTextAsync());
        Assert.Equal("m1", await inbox.NextTextAsync());
        Assert.Equal("m2", await inbox.NextTextAsync());
    }

    [Theory]
    [MemberData(nameof(TestBrokers.All), MemberType = typeof(TestBrokers))]
    public async Task Messages_queued_for_an_offline_subscriber_survive_a_broker_restart(BrokerKind kind)
    {
        await using var environment = new TestEnvironment();
        var broker = environment.Own(await TestBrokers.StartAsync(kind, environment));
        var options = TestClients.Options(environment, broker, TestUser.Admin) with { CleanSession = false };
        var before = await TestClients.ConnectAsync(environment, options);
        await before.SubscribeAsync("sk/device-1/up", MqttQualityOfService.AtLeastOnce);
        await before.DisconnectAsync();
        var publisher = await TestClients.ConnectAsync(environment, broker, TestUser.Device1);
        await publisher.PublishTextAsync("sk/device-1/up", "queued 1");
        await publisher.PublishTextAsync("sk/device-1/up", "queued 2");

        await broker.RestartAsync();
        var after = environment.Own(new MqttClient(options)); // a new client object: nothing remembered locally
        var inbox = new MessageInbox(after);
        var result = await after.ConnectAsync();

        Assert.True(result.SessionPresent);
        Assert.Equal("queued 1", await inbox.NextTextAsync());
        Assert.Equal("queued 2", await inbox.NextTextAsync());
    }

    [Theory]
    [MemberData(nameof(TestBrokers.All), MemberType = typeof(TestBrokers))]
    public async Task An_inbound_qos2_message_is_delivered_once_although_the_broker_resends_it_after_a_reconnect(BrokerKind kind)
    {
        await using var environment = new TestEnvironment();
        var broker = environment.Own(await TestBrokers.StartAsync(kind, environment));
        var proxy = environment.Own(new TcpFaultProxy(broker.Host, broker.Port));
        var options = TestClients.Options(environment, proxy.Host, proxy.Port, TestUser.Admin) with { CleanSession = false };
        var subscriber = environment.Own(new MqttClient(options));
        var inbox = new MessageInbox(subscriber);
        var states = new StateWatcher(subscriber);
        await subscriber.ConnectAsync();
        await subscriber.SubscribeAsync("sk/device-1/up", MqttQualityOfService.ExactlyOnce);
        var publisher = await TestClients.ConnectAsync(environment, broker, TestUser.Device1);

        proxy.SwallowClientBytesOnCurrentConnections(); // our PUBREC is lost, so the broker must resend the PUBLISH
        await publisher.PublishTextAsync("sk/device-1/up", "exactly once", MqttQualityOfService.ExactlyOnce);
        Assert.Equal("exactly once", await inbox.NextTextAsync());
        proxy.DropAll();
        await states.NextAsync(MqttClientState.Connected);
        await publisher.PublishTextAsync("sk/device-1/up", "marker", MqttQualityOfService.ExactlyOnce);

        // A broker that resends under a new packet identifier makes it a new message to any client.
        Assert.Equal(broker.Expectations.Qos2ResendKeepsPacketIdentifier ? [] : ["exactly once"], await inbox.TextsBeforeMarkerAsync("marker"));
    }
}
