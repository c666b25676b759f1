using ShareKey.Mqtt.Client;
using ShareKey.Mqtt.Packets;
using ShareKey.Mqtt.Tests.Fixtures;

namespace ShareKey.Mqtt.Tests.Client.Scripted;

/// <summary>How the client answers what the broker sends.</summary>
public sealed class InboundFlowTests
{
    [Fact]
    public async Task Acknowledgements_leave_in_the_order_the_messages_arrived()
    {
        await using var environment = new TestEnvironment();
        var (_, connection) = await ConnectAsync(environment);

        await connection.SendAsync(
            Publish(5, MqttQualityOfService.AtLeastOnce, "one"),
            Publish(6, MqttQualityOfService.ExactlyOnce, "two"),
            Publish(0, MqttQualityOfService.AtMostOnce, "three"),
            Publish(7, MqttQualityOfService.AtLeastOnce, "four"));

        Assert.Equal(5, (await connection.ReadAsync<MqttPubAckPacket>()).PacketIdentifier);
        Assert.Equal(6, (await connection.ReadAsync<MqttPubRecPacket>()).PacketIdentifier);
        Assert.Equal(7, (await connection.ReadAsync<MqttPubAckPacket>()).PacketIdentifier);
    }

    [Fact]
    public async Task A_qos2_message_resent_before_pubrel_is_answered_but_not_delivered_again()
    {
        await using var environment = new TestEnvironment();
        var (client, connection) = await ConnectAsync(environment);
        var inbox = new MessageInbox(client);

        await connection.SendAsync(Publish(9, MqttQualityOfService.ExactlyOnce, "first"));
        Assert.Equal(9, (await connection.ReadAsync<MqttPubRecPacket>()).PacketIdentifier);
        await connection.SendAsync(Publish(9, MqttQualityOfService.ExactlyOnce, "first", dup: true));
        Assert.Equal(9, (await connection.ReadAsync<MqttPubRecPacket>()).PacketIdentifier);
        await connection.SendAsync(new MqttPubRelPacket { PacketIdentifier = 9 });
        Assert.Equal(9, (await connection.ReadAsync<MqttPubCompPacket>()).PacketIdentifier);
        // Released: the identifier now names a new message.
        await connection.SendAsync(Publish(9, MqttQualityOfService.ExactlyOnce, "second"));
        Assert.Equal(9, (await connection.ReadAsync<MqttPubRecPacket>()).PacketIdentifier);

        Assert.Equal("first", await inbox.NextTextAsync());
        Assert.Equal("second", await inbox.NextTextAsync());
    }

    [Fact]
    public async Task Malformed_input_closes_the_connection_with_a_protocol_error_and_the_client_reconnects()
    {
        await using var environment = new TestEnvironment();
        // The client logs the protocol error that cost it the connection.
        environment.ExpectError(MqttErrorLog.Client, "MQTT-2.2.1");
        var broker = new ScriptedBroker();
        var client = environment.Own(new MqttClient(broker.Options(environment)));
        var states = new StateWatcher(client);
        var connecting = client.ConnectAsync();
        var first = await broker.NextConnectionAsync();
        await first.AcceptConnectAsync();
        await connecting;

        await first.SendRawAsync([0xF0, 0x00]); // packet type 15 is reserved (§2.2.1)

        var lost = await states.NextAsync(MqttClientState.Reconnecting);
        Assert.Equal(MqttProtocolError.ReservedPacketType, Assert.IsType<MqttProtocolException>(lost.Reason).Reason);
        await (await broker.NextConnectionAsync()).AcceptConnectAsync();
        await states.NextAsync(MqttClientState.Connected);
    }

    [Fact]
    public async Task A_refusal_carries_the_return_code_and_whether_retrying_can_help()
    {
        await using var environment = new TestEnvironment();
        var broker = new ScriptedBroker();
        var client = environment.Own(new MqttClient(broker.Options(environment)));
        var connecting = client.ConnectAsync();
        var connection = await broker.NextConnectionAsync();
        await connection.ReadAsync<MqttConnectPacket>();

        await connection.SendAsync(new MqttConnAckPacket { ReturnCode = MqttConnectReturnCode.ServerUnavailable });

        var refused = await Assert.ThrowsAsync<MqttConnectRefusedException>(() => connecting);
        Assert.Equal(MqttConnectReturnCode.ServerUnavailable, refused.ReturnCode);
        Assert.True(refused.IsWorthRetrying);
    }

    private static async Task<(MqttClient Client, ScriptedConnection Connection)> ConnectAsync(TestEnvironment environment)
    {
        var broker = new ScriptedBroker();
        var client = environment.Own(new MqttClient(broker.Options(environment)));
        var connecting = client.ConnectAsync();
        var connection = await broker.NextConnectionAsync();
        await connection.AcceptConnectAsync();
        await connecting;
        return (client, connection);
    }

    private static MqttPublishPacket Publish(ushort identifier, MqttQualityOfService qos, string text, bool dup = false) => new()
    {
        PacketIdentifier = identifier,
        Topic = "sk/device-1/down",
        Payload = System.Text.Encoding.UTF8.GetBytes(text),
        QualityOfService = qos,
        Dup = dup,
    };
}
