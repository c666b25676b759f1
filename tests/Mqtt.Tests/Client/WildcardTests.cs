using ShareKey.Mqtt.Packets;
using ShareKey.Mqtt.Tests.Fixtures;

namespace ShareKey.Mqtt.Tests.Client;

public sealed class WildcardTests
{
    [Theory]
    [MemberData(nameof(TestBrokers.All), MemberType = typeof(TestBrokers))]
    public async Task Single_and_multi_level_wildcards_match_per_the_spec(BrokerKind kind)
    {
        await using var environment = new TestEnvironment();
        var broker = environment.Own(await TestBrokers.StartAsync(kind, environment));
        var plus = await TestClients.ConnectAsync(environment, broker, TestUser.Admin);
        var plusInbox = new MessageInbox(plus);
        var hash = await TestClients.ConnectAsync(environment, broker, TestUser.Admin);
        var hashInbox = new MessageInbox(hash);
        await plus.SubscribeAsync([new("sk/+/up", MqttQualityOfService.AtLeastOnce), new("marker", MqttQualityOfService.AtLeastOnce)]);
        await hash.SubscribeAsync([new("sk/device-1/#", MqttQualityOfService.AtLeastOnce), new("marker", MqttQualityOfService.AtLeastOnce)]);
        var admin = await TestClients.ConnectAsync(environment, broker, TestUser.Admin);

        foreach (var topic in new[] { "sk/device-1/up", "sk/device-2/up", "sk/device-1/up/extra", "sk/device-1", "sk/device-1/down", "sk//up" })
        {
            await admin.PublishTextAsync(topic, topic);
        }

        await admin.PublishTextAsync("marker", "marker");

        Assert.Equal(broker.Expectations.PlusMatchesEmptyLevel ? ["sk/device-1/up", "sk/device-2/up", "sk//up"] : ["sk/device-1/up", "sk/device-2/up"],
            await plusInbox.TextsBeforeMarkerAsync("marker"));
        // '#' also matches the parent level itself (§4.7.1.2).
        Assert.Equal(["sk/device-1/up", "sk/device-1/up/extra", "sk/device-1", "sk/device-1/down"], await hashInbox.TextsBeforeMarkerAsync("marker"));
    }
}
