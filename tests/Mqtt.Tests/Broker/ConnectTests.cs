using ShareKey.Mqtt.Broker;
using ShareKey.Mqtt.Packets;
using ShareKey.Mqtt.Tests.Fixtures;

namespace ShareKey.Mqtt.Tests.Broker;

/// <summary>CONNECT handling (MQTT 3.1.1 §3.1–§3.2, server side): client ids, refusals, ordering rules.</summary>
public sealed class ConnectTests
{
    [Fact]
    public async Task Empty_client_id_with_clean_session_gets_an_assigned_id()
    {
        await using var broker = await TestBroker.StartAsync();
        var (client, connAck) = await RawMqttClient.ConnectAsync(broker.Port, new MqttConnectPacket { ClientId = "" });
        await using var _ = client;
        Assert.Equal(MqttConnectReturnCode.Accepted, connAck.ReturnCode);
        await broker.Log.WaitForAsync("client auto-");
    }

    [Fact]
    public async Task Empty_client_id_without_clean_session_is_rejected_with_code_2()
    {
        await using var broker = await TestBroker.StartAsync();
        var (client, connAck) = await RawMqttClient.ConnectAsync(broker.Port, new MqttConnectPacket { ClientId = "", CleanSession = false });
        await using var _ = client;
        Assert.Equal(MqttConnectReturnCode.IdentifierRejected, connAck.ReturnCode);
        await client.WaitClosedAsync();
    }

    [Fact]
    public async Task Bad_credentials_get_code_4_and_the_connection_closes()
    {
        await using var broker = await TestBroker.StartAsync(o => o with { Authenticator = TestUserAccess.Instance });
        var (client, connAck) = await RawMqttClient.ConnectAsync(broker.Port,
            new MqttConnectPacket { ClientId = "x", Username = "device-1", Password = "nope"u8.ToArray() });
        await using var _ = client;
        Assert.Equal(MqttConnectReturnCode.BadUserNameOrPassword, connAck.ReturnCode);
        Assert.False(connAck.SessionPresent);
        await client.WaitClosedAsync();
        Assert.Equal(1, broker.Counters.ConnectsRefused);
    }

    [Fact]
    public async Task A_failing_authenticator_refuses_with_server_unavailable_and_logs_an_error()
    {
        await using var broker = await TestBroker.StartAsync(o => o with { Authenticator = new ThrowingAuthenticator() });
        var failed = broker.Environment.ExpectError(MqttErrorLog.Broker, "authenticator failed");
        var (client, connAck) = await RawMqttClient.ConnectAsync(broker.Port, new MqttConnectPacket { ClientId = "x" });
        await using var _ = client;
        Assert.Equal(MqttConnectReturnCode.ServerUnavailable, connAck.ReturnCode);
        Assert.Equal(1, failed.Count);
    }

    [Fact]
    public async Task Unsupported_protocol_level_gets_code_1_then_the_connection_closes()
    {
        await using var broker = await TestBroker.StartAsync();
        await using var client = await broker.ConnectRawAsync();
        // CONNECT "MQTT" level 5 (an MQTT 5.0 client), clean start, client id "c".
        await client.SendAsync(Codec.Hex.Bytes("10 0E 00 04 4D 51 54 54 05 02 00 3C 00 00 01 63"));
        Assert.Equal(MqttConnectReturnCode.UnacceptableProtocolVersion, (await client.ReceiveAsync<MqttConnAckPacket>()).ReturnCode);
        await client.WaitClosedAsync();
    }

    [Fact]
    public async Task A_first_packet_other_than_CONNECT_closes_the_connection_without_answer()
    {
        await using var broker = await TestBroker.StartAsync();
        await using var client = await broker.ConnectRawAsync();
        await client.SendAsync(MqttPingReqPacket.Instance);
        Assert.Null(await client.TryReceiveAsync(TestTimeouts.Signal));
        await broker.Log.WaitForAsync("MQTT-3.1.0-1");
    }

    [Fact]
    public async Task A_second_CONNECT_closes_the_connection()
    {
        await using var broker = await TestBroker.StartAsync();
        await using var client = await RawMqttClient.ConnectedAsync(broker.Port, "twice");
        await client.SendAsync(new MqttConnectPacket { ClientId = "twice" });
        await client.WaitClosedAsync();
        await broker.Log.WaitForAsync("MQTT-3.1.0-2");
    }

    [Fact]
    public async Task A_socket_that_never_sends_CONNECT_is_closed_after_the_connect_timeout()
    {
        await using var broker = await TestBroker.StartAsync(o => o with { ConnectTimeout = TimeSpan.FromMilliseconds(300) });
        await using var client = await broker.ConnectRawAsync();
        await client.WaitClosedAsync();
        await broker.Log.WaitForAsync("no CONNECT within 300 ms");
    }

    private sealed class ThrowingAuthenticator : IMqttAuthenticator
    {
        public ValueTask<MqttConnectReturnCode> AuthenticateAsync(MqttAuthenticationRequest request, CancellationToken cancellationToken) =>
            throw new InvalidOperationException("user store offline");
    }
}
