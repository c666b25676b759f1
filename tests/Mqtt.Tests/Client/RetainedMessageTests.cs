using ShareKey.Mqtt.Packets;
using ShareKey.Mqtt.Tests.Fixtures;

namespace ShareKey.Mqtt.Tests.Client;

public sealed class RetainedMessageTests
{
    [Theory]
    [MemberData(nameof(TestBrokers.All), MemberType = typeof(TestBrokers))]
    public async Task A_late_subscriber_gets_the_retained_message_flagged_as_retained(BrokerKind kind)
    {
        await using var environment = new TestEnvironment();
        var broker = environment.Own(await TestBrokers.StartAsync(kind, environment));
        var publisher = await TestClients.ConnectAsync(environment, broker, TestUser.Device1);
        await publisher.PublishTextAsync("sk/device-1/state", "locked", retain: true);

        var subscriber = await TestClients.ConnectAsync(environment, broker, TestUser.Admin);
        var inbox = new MessageInbox(subscriber);
        await subscriber.SubscribeAsync("sk/device-1/state", MqttQualityOfService.AtLeastOnce);
        var message = await inbox.NextAsync();

        Assert.True(message.Retain);
        Assert.Equal("locked"u8.ToArray(), message.Payload.ToArray());
    }

    [Theory]
    [MemberData(nameof(TestBrokers.All), MemberType = typeof(TestBrokers))]
    public async Task An_empty_retained_message_clears_it(BrokerKind kind)
    {
        await using var environment = new TestEnvironment();
        var broker = environment.Own(await TestBrokers.StartAsync(kind, environment));
        var publisher = await TestClients.ConnectAsync(environment, broker, TestUser.Device1);
        await publisher.PublishTextAsync("sk/device-1/state", "locked", retain: true);
        await publisher.PublishTextAsync("sk/device-1/state", "", retain: true);
        await publisher.PublishTextAsync("sk/device-1/marker", "marker", retain: true);

        var subscriber = await TestClients.ConnectAsync(environment, broker, TestUser.Admin);
        var inbox = new MessageInbox(subscriber);
        // One SUBSCRIBE: the broker sends retained messages in the order of the filters.
        await subscriber.SubscribeAsync([new("sk/device-1/state", MqttQualityOfService.AtLeastOnce), new("sk/device-1/marker", MqttQualityOfService.AtLeastOnce)]);

        Assert.Empty(await inbox.TextsBeforeMarkerAsync("marker"));
    }

    [Theory]
    [MemberData(nameof(TestBrokers.All), MemberType = typeof(TestBrokers))]
    public async Task A_live_message_to_an_existing_subscriber_is_not_flagged_retained(BrokerKind kind)
    {
        await using var environment = new TestEnvironment();
        var broker = environment.Own(await TestBrokers.StartAsync(kind, environment));
        var subscriber = await TestClients.ConnectAsync(environment, broker, TestUser.Admin);
        var inbox = new MessageInbox(subscriber);
        await subscriber.SubscribeAsync("sk/device-1/state", MqttQualityOfService.AtLeastOnce);
        var publisher = await TestClients.ConnectAsync(environment, broker, TestUser.Device1);

        await publisher.PublishTextAsync("sk/device-1/state", "unlocked", retain: true);

        Assert.False((await inbox.NextAsync()).Retain); // §3.3.1.3: retain is cleared on normal delivery
    }
}
