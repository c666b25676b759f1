using ShareKey.Mqtt.Client;
using ShareKey.Mqtt.Packets;
using ShareKey.Mqtt.Tests.Fixtures;

namespace ShareKey.Mqtt.Tests.Client.Scripted;

/// <summary>§4.4 and §4.6 on the wire: what the client sends again after a reconnect.</summary>
public sealed class ResendTests
{
    [Fact]
    public async Task Unacknowledged_publishes_go_again_with_dup_and_their_ids_in_order_then_pubrel_for_released_ones()
    {
        await using var environment = new TestEnvironment();
        var broker = new ScriptedBroker();
        var client = environment.Own(new MqttClient(broker.Options(environment, cleanSession: false)));
        var connecting = client.ConnectAsync();
        var first = await broker.NextConnectionAsync();
        await first.AcceptConnectAsync();
        await connecting;

        var a = client.PublishTextAsync("t/a", "a", MqttQualityOfService.AtLeastOnce);
        var b = client.PublishTextAsync("t/b", "b", MqttQualityOfService.ExactlyOnce);
        var c = client.PublishTextAsync("t/c", "c", MqttQualityOfService.AtLeastOnce);
        var sentA = await first.ReadAsync<MqttPublishPacket>();
        var sentB = await first.ReadAsync<MqttPublishPacket>();
        var sentC = await first.ReadAsync<MqttPublishPacket>();
        await first.SendAsync(new MqttPubRecPacket { PacketIdentifier = sentB.PacketIdentifier });
        Assert.Equal(sentB.PacketIdentifier, (await first.ReadAsync<MqttPubRelPacket>()).PacketIdentifier);
        await first.CloseAsync();

        var second = await broker.NextConnectionAsync();
        var reconnect = await second.AcceptConnectAsync(sessionPresent: true);
        var againA = await second.ReadAsync<MqttPublishPacket>();
        var againC = await second.ReadAsync<MqttPublishPacket>();
        var pubRelB = await second.ReadAsync<MqttPubRelPacket>();
        await second.SendAsync(
            new MqttPubAckPacket { PacketIdentifier = againA.PacketIdentifier },
            new MqttPubCompPacket { PacketIdentifier = pubRelB.PacketIdentifier },
            new MqttPubAckPacket { PacketIdentifier = againC.PacketIdentifier });
        await Task.WhenAll(a, b, c).WaitAsync(Signals.Timeout);

        Assert.False(reconnect.CleanSession);
        Assert.Equal(3, new[] { sentA.PacketIdentifier, sentB.PacketIdentifier, sentC.PacketIdentifier }.Distinct().Count());
        Assert.All(new[] { sentA, sentB, sentC }, sent => Assert.False(sent.Dup));
        Assert.Equal(("t/a", sentA.PacketIdentifier, true), (againA.Topic, againA.PacketIdentifier, againA.Dup));
        Assert.Equal(("t/c", sentC.PacketIdentifier, true), (againC.Topic, againC.PacketIdentifier, againC.Dup));
        Assert.Equal(sentB.PacketIdentifier, pubRelB.PacketIdentifier);
    }

    [Fact]
    public async Task Without_a_session_on_the_broker_the_client_subscribes_again()
    {
        await using var environment = new TestEnvironment();
        var broker = new ScriptedBroker();
        var client = environment.Own(new MqttClient(broker.Options(environment, cleanSession: false)));
        var connecting = client.ConnectAsync();
        var first = await broker.NextConnectionAsync();
        await first.AcceptConnectAsync();
        await connecting;
        var subscribing = client.SubscribeAsync([new("a/#", MqttQualityOfService.AtLeastOnce), new("b", MqttQualityOfService.ExactlyOnce)]);
        var subscribe = await first.ReadAsync<MqttSubscribePacket>();
        await first.SendAsync(new MqttSubAckPacket
        {
            PacketIdentifier = subscribe.PacketIdentifier,
            ReturnCodes = [MqttSubscribeReturnCode.GrantedQoS1, MqttSubscribeReturnCode.Failure],
        });
        await subscribing;
        await first.CloseAsync();

        var second = await broker.NextConnectionAsync();
        await second.AcceptConnectAsync(sessionPresent: false);
        var again = await second.ReadAsync<MqttSubscribePacket>();

        // Only what the broker granted is worth asking for again.
        var filter = Assert.Single(again.Subscriptions);
        Assert.Equal(("a/#", MqttQualityOfService.AtLeastOnce), (filter.TopicFilter, filter.QualityOfService));
    }
}
