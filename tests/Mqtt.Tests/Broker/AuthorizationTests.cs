using ShareKey.Mqtt.Packets;

namespace ShareKey.Mqtt.Tests.Broker;

/// <summary>Per-client topic rights: a device may only use <c>sk/{its id}/…</c>.</summary>
public sealed class AuthorizationTests
{
    [Fact]
    public async Task A_denied_publish_is_acknowledged_but_not_delivered()
    {
        await using var broker = await StartAsync();
        await using var admin = await ConnectAsync(broker, "admin", "admin-secret");
        await admin.SubscribeAsync("sk/#");
        await using var device = await ConnectAsync(broker, "device-1", "device-1-secret");

        await device.SendAsync(new MqttPublishPacket { Topic = "sk/device-2/down", QualityOfService = MqttQualityOfService.AtLeastOnce, PacketIdentifier = 1 });
        Assert.Equal(1, (await device.ReceiveAsync<MqttPubAckPacket>()).PacketIdentifier);
        await device.SendAsync(new MqttPublishPacket { Topic = "sk/device-1/up", QualityOfService = MqttQualityOfService.AtLeastOnce, PacketIdentifier = 2 });
        await device.ReceiveAsync<MqttPubAckPacket>();

        Assert.Equal("sk/device-1/up", (await admin.ReceiveAsync<MqttPublishPacket>()).Topic);
        Assert.Equal(1, broker.Counters.PublishesDenied);
    }

    [Fact]
    public async Task A_denied_filter_gets_0x80_while_the_others_in_the_same_SUBSCRIBE_are_granted()
    {
        await using var broker = await StartAsync();
        await using var device = await ConnectAsync(broker, "device-1", "device-1-secret");

        await device.SendAsync(new MqttSubscribePacket
        {
            PacketIdentifier = 3,
            Subscriptions = [new("sk/device-1/down", MqttQualityOfService.AtLeastOnce), new("sk/+/down", MqttQualityOfService.AtLeastOnce), new("#", MqttQualityOfService.AtMostOnce)],
        });

        var subAck = await device.ReceiveAsync<MqttSubAckPacket>();
        Assert.Equal([MqttSubscribeReturnCode.GrantedQoS1, MqttSubscribeReturnCode.Failure, MqttSubscribeReturnCode.Failure], subAck.ReturnCodes);
        Assert.Equal(2, broker.Counters.SubscriptionsDenied);
    }

    private static Task<TestBroker> StartAsync() =>
        TestBroker.StartAsync(o => o with { Authenticator = TestUserAccess.Instance, Authorizer = TestUserAccess.Instance });

    private static async Task<RawMqttClient> ConnectAsync(TestBroker broker, string user, string password)
    {
        var (client, connAck) = await RawMqttClient.ConnectAsync(broker.Port, new MqttConnectPacket
        {
            ClientId = user, Username = user, Password = System.Text.Encoding.UTF8.GetBytes(password),
        });
        Assert.Equal(MqttConnectReturnCode.Accepted, connAck.ReturnCode);
        return client;
    }
}
