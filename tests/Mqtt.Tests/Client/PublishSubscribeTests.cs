using ShareKey.Mqtt.Packets;
using ShareKey.Mqtt.Tests.Fixtures;

namespace ShareKey.Mqtt.Tests.Client;

public sealed class PublishSubscribeTests
{
    public static TheoryData<BrokerKind, MqttQualityOfService> BrokersAndQualities()
    {
        var data = new TheoryData<BrokerKind, MqttQualityOfService>();
        foreach (var kind in Enum.GetValues<BrokerKind>())
        {
            foreach (var qos in Enum.GetValues<MqttQualityOfService>())
            {
                data.Add(kind, qos);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(BrokersAndQualities))]
    public async Task A_message_arrives_with_its_payload_at_the_qos_asked_for(BrokerKind kind, MqttQualityOfService qos)
    {
        await using var environment = new TestEnvironment();
        var broker = environment.Own(await TestBrokers.StartAsync(kind, environment));
        var subscriber = await TestClients.ConnectAsync(environment, broker, TestUser.Admin);
        var inbox = new MessageInbox(subscriber);
        var publisher = await TestClients.ConnectAsync(environment, broker, TestUser.Device1);
        byte[] payload = [0x00, 0x01, 0xFE, 0xFF, 0x80];

        var granted = await subscriber.SubscribeAsync("sk/device-1/up", qos);
        await publisher.PublishAsync("sk/device-1/up", payload, qos);
        var message = await inbox.NextAsync();

        Assert.Equal((MqttSubscribeReturnCode)qos, granted);
        Assert.Equal("sk/device-1/up", message.Topic);
        Assert.Equal(payload, message.Payload.ToArray());
        Assert.Equal(qos, message.QualityOfService);
        Assert.False(message.Retain);
    }

    [Theory]
    [MemberData(nameof(TestBrokers.All), MemberType = typeof(TestBrokers))]
    public async Task Delivery_is_downgraded_to_the_granted_qos(BrokerKind kind)
    {
        await using var environment = new TestEnvironment();
        var broker = environment.Own(await TestBrokers.StartAsync(kind, environment));
        var subscriber = await TestClients.ConnectAsync(environment, broker, TestUser.Admin);
        var inbox = new MessageInbox(subscriber);
        var publisher = await TestClients.ConnectAsync(environment, broker, TestUser.Device1);

        await subscriber.SubscribeAsync("sk/device-1/up", MqttQualityOfService.AtLeastOnce);
        await publisher.PublishTextAsync("sk/device-1/up", "hello", MqttQualityOfService.ExactlyOnce);

        Assert.Equal(MqttQualityOfService.AtLeastOnce, (await inbox.NextAsync()).QualityOfService);
    }

    [Theory]
    [MemberData(nameof(BrokersAndQualities))]
    public async Task Every_one_of_many_concurrent_publishes_arrives(BrokerKind kind, MqttQualityOfService qos)
    {
        // QoS 2 at the default in-flight window is the case that once lost messages on mosquitto (see
        // MqttClientOptions.MaxInFlight); QoS 0 may legitimately lose messages, but not on loopback at this rate.
        const int count = 500;
        await using var environment = new TestEnvironment();
        var broker = environment.Own(await TestBrokers.StartAsync(kind, environment));
        var subscriber = await TestClients.ConnectAsync(environment, broker, TestUser.Admin);
        var inbox = new MessageInbox(subscriber);
        var publisher = await TestClients.ConnectAsync(environment, broker, TestUser.Device1);
        await subscriber.SubscribeAsync("sk/device-1/up", qos);

        // Concurrent publishes: the in-flight window is what bounds them.
        await Task.WhenAll(Enumerable.Range(0, count).Select(i =>
            publisher.PublishTextAsync("sk/device-1/up", i.ToString(System.Globalization.CultureInfo.InvariantCulture), qos)));

        var received = new List<int>();
        for (var i = 0; i < count; i++)
        {
            received.Add(int.Parse(await inbox.NextTextAsync(), System.Globalization.CultureInfo.InvariantCulture));
        }

        Assert.Equal(Enumerable.Range(0, count), received.Order());
    }

    [Theory]
    [MemberData(nameof(TestBrokers.All), MemberType = typeof(TestBrokers))]
    public async Task After_unsubscribe_nothing_more_arrives(BrokerKind kind)
    {
        await using var environment = new TestEnvironment();
        var broker = environment.Own(await TestBrokers.StartAsync(kind, environment));
        var subscriber = await TestClients.ConnectAsync(environment, broker, TestUser.Admin);
        var inbox = new MessageInbox(subscriber);
        var publisher = await TestClients.ConnectAsync(environment, broker, TestUser.Device1);
        await subscriber.SubscribeAsync("sk/device-1/up", MqttQualityOfService.AtLeastOnce);
        await subscriber.SubscribeAsync("sk/device-1/marker", MqttQualityOfService.AtLeastOnce);

        await subscriber.UnsubscribeAsync("sk/device-1/up");
        await publisher.PublishTextAsync("sk/device-1/up", "after unsubscribe");
        await publisher.PublishTextAsync("sk/device-1/marker", "marker");

        Assert.Empty(await inbox.TextsBeforeMarkerAsync("marker"));
    }
}
