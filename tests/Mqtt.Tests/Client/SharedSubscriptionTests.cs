using ShareKey.Mqtt.Packets;
using ShareKey.Mqtt.Tests.Fixtures;

namespace ShareKey.Mqtt.Tests.Client;

/// <summary><c>$share/{group}/{filter}</c>, which several KeyService instances rely on to split the up topic: each
/// message reaches one member of the group, or the broker refuses the filter per
/// <see cref="BrokerExpectations.SupportsSharedSubscriptions"/>.</summary>
public sealed class SharedSubscriptionTests
{
    [Theory]
    [MemberData(nameof(TestBrokers.All), MemberType = typeof(TestBrokers))]
    public async Task Each_message_reaches_one_member_of_the_group(BrokerKind kind)
    {
        await using var environment = new TestEnvironment();
        var broker = environment.Own(await TestBrokers.StartAsync(kind, environment));
        var first = await TestClients.ConnectAsync(environment, broker, TestUser.Admin);
        var second = await TestClients.ConnectAsync(environment, broker, TestUser.Admin);
        var firstInbox = new MessageInbox(first);
        var secondInbox = new MessageInbox(second);
        var granted = new[]
        {
            await first.SubscribeAsync([new("$share/service/sk/+/up", MqttQualityOfService.AtLeastOnce), new("marker", MqttQualityOfService.AtLeastOnce)]),
            await second.SubscribeAsync([new("$share/service/sk/+/up", MqttQualityOfService.AtLeastOnce), new("marker", MqttQualityOfService.AtLeastOnce)]),
        };
        if (!broker.Expectations.SupportsSharedSubscriptions)
        {
            Assert.All(granted, codes => Assert.Equal([MqttSubscribeReturnCode.Failure, MqttSubscribeReturnCode.GrantedQoS1], codes));
            return;
        }
        Assert.All(granted, codes => Assert.Equal([MqttSubscribeReturnCode.GrantedQoS1, MqttSubscribeReturnCode.GrantedQoS1], codes));
        var device = await TestClients.ConnectAsync(environment, broker, TestUser.Device1);

        for (var i = 0; i < 10; i++)
        {
            await device.PublishTextAsync("sk/device-1/up", $"frame {i}");
        }
        var admin = await TestClients.ConnectAsync(environment, broker, TestUser.Admin);
        await admin.PublishTextAsync("marker", "marker");

        // Per publisher, messages keep their order; the marker goes after them from another client, so wait on both.
        var received = (await firstInbox.TextsBeforeMarkerAsync("marker")).Concat(await secondInbox.TextsBeforeMarkerAsync("marker")).Order().ToList();
        Assert.Equal(Enumerable.Range(0, 10).Select(i => $"frame {i}").Order(), received);
    }
}
