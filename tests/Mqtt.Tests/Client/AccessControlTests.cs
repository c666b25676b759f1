using ShareKey.Mqtt.Packets;
using ShareKey.Mqtt.Tests.Fixtures;

namespace ShareKey.Mqtt.Tests.Client;

/// <summary>The device ACL of docs/architecture.md §5: a device may only use <c>sk/&lt;its id&gt;/#</c>.</summary>
/// <remarks>MQTT 3.1.1 has no way to refuse a PUBLISH, so a forbidden publish is acknowledged (QoS 1 PUBACK)
/// and silently dropped. A forbidden subscribe is answered per <see cref="BrokerExpectations.ForbiddenSubscribeReturnCode"/>:
/// mosquitto 2.0.11 grants it (SUBACK with the QoS asked for) and then never delivers on it; our broker answers
/// 0x80. Either way nothing arrives, which the test asserts for both.</remarks>
public sealed class AccessControlTests
{
    [Theory]
    [MemberData(nameof(TestBrokers.All), MemberType = typeof(TestBrokers))]
    public async Task A_publish_to_another_devices_topic_is_acknowledged_and_dropped(BrokerKind kind)
    {
        await using var environment = new TestEnvironment();
        var broker = environment.Own(await TestBrokers.StartAsync(kind, environment));
        var admin = await TestClients.ConnectAsync(environment, broker, TestUser.Admin);
        var inbox = new MessageInbox(admin);
        await admin.SubscribeAsync("sk/#", MqttQualityOfService.AtLeastOnce);
        var device1 = await TestClients.ConnectAsync(environment, broker, TestUser.Device1);

        await device1.PublishTextAsync("sk/device-2/down", "forged");
        await device1.PublishTextAsync("sk/device-1/up", "marker");

        Assert.Empty(await inbox.TextsBeforeMarkerAsync("marker"));
        Assert.Equal(ShareKey.Mqtt.Client.MqttClientState.Connected, device1.State);
    }

    [Theory]
    [MemberData(nameof(TestBrokers.All), MemberType = typeof(TestBrokers))]
    public async Task A_subscription_to_another_devices_topic_delivers_nothing(BrokerKind kind)
    {
        await using var environment = new TestEnvironment();
        var broker = environment.Own(await TestBrokers.StartAsync(kind, environment));
        var device1 = await TestClients.ConnectAsync(environment, broker, TestUser.Device1);
        var inbox = new MessageInbox(device1);
        var admin = await TestClients.ConnectAsync(environment, broker, TestUser.Admin);

        var codes = await device1.SubscribeAsync(
            [new("sk/device-2/down", MqttQualityOfService.AtLeastOnce), new("sk/device-1/down", MqttQualityOfService.AtLeastOnce)]);
        await admin.PublishTextAsync("sk/device-2/down", "for device 2 only");
        await admin.PublishTextAsync("sk/device-1/down", "marker");

        Assert.Equal([broker.Expectations.ForbiddenSubscribeReturnCode, MqttSubscribeReturnCode.GrantedQoS1], codes);
        Assert.Empty(await inbox.TextsBeforeMarkerAsync("marker"));
    }

    [Theory]
    [MemberData(nameof(TestBrokers.All), MemberType = typeof(TestBrokers))]
    public async Task A_device_receives_on_its_own_topic(BrokerKind kind)
    {
        await using var environment = new TestEnvironment();
        var broker = environment.Own(await TestBrokers.StartAsync(kind, environment));
        var device1 = await TestClients.ConnectAsync(environment, broker, TestUser.Device1);
        var inbox = new MessageInbox(device1);
        await device1.SubscribeAsync("sk/device-1/down", MqttQualityOfService.AtLeastOnce);
        var admin = await TestClients.ConnectAsync(environment, broker, TestUser.Admin);

        await admin.PublishTextAsync("sk/device-1/down", "command");

        Assert.Equal("command", await inbox.NextTextAsync());
    }
}
