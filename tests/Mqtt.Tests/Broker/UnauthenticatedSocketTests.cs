using System.Net;
using System.Net.Sockets;
using ShareKey.Mqtt.Broker;
using ShareKey.Mqtt.Packets;
using ShareKey.Mqtt.Tests.Fixtures;

namespace ShareKey.Mqtt.Tests.Broker;

/// <summary>Sockets that never authenticate cannot use up the broker: each address holds only so many before its
/// CONNECT is accepted, and each of them goes at the connect deadline, TLS handshake included.</summary>
public sealed class UnauthenticatedSocketTests
{
    private static readonly IPAddress Attacker = IPAddress.Parse("127.0.0.2");
    private static readonly IPAddress Device = IPAddress.Parse("127.0.0.3");

    [Fact]
    public async Task One_address_holds_only_its_share_of_unauthenticated_sockets_and_other_addresses_still_get_in()
    {
        await using var broker = await TestBroker.StartAsync(o => o with { MaxUnauthenticatedConnectionsPerAddress = 2, ConnectTimeout = TestTimeouts.Signal });
        await using var idle1 = await RawMqttClient.OpenAsync(broker.Port, Attacker);
        await using var idle2 = await RawMqttClient.OpenAsync(broker.Port, Attacker);

        await using var third = await RawMqttClient.OpenAsync(broker.Port, Attacker);
        await third.WaitClosedAsync();
        await using var fourth = await RawMqttClient.OpenAsync(broker.Port, Attacker);
        await fourth.WaitClosedAsync();

        await broker.Log.WaitForAsync("its address already holds 2 connections without an accepted CONNECT");
        Assert.Single(broker.Log.Lines, line => line.Contains("already holds 2 connections", StringComparison.Ordinal));
        Assert.Equal(2, broker.Counters.ConnectionsRejected);

        await using var device = await RawMqttClient.OpenAsync(broker.Port, Device);
        await device.SendAsync(new MqttConnectPacket { ClientId = "device" });
        Assert.Equal(MqttConnectReturnCode.Accepted, (await device.ReceiveAsync<MqttConnAckPacket>()).ReturnCode);
    }

    [Fact]
    public async Task An_accepted_CONNECT_frees_its_place_for_the_next_socket_from_that_address()
    {
        await using var broker = await TestBroker.StartAsync(o => o with { MaxUnauthenticatedConnectionsPerAddress = 1, ConnectTimeout = TestTimeouts.Signal });
        await using var first = await RawMqttClient.OpenAsync(broker.Port, Device);
        await first.SendAsync(new MqttConnectPacket { ClientId = "first" });
        Assert.Equal(MqttConnectReturnCode.Accepted, (await first.ReceiveAsync<MqttConnAckPacket>()).ReturnCode);

        await using var second = await RawMqttClient.OpenAsync(broker.Port, Device);
        await second.SendAsync(new MqttConnectPacket { ClientId = "second" });
        Assert.Equal(MqttConnectReturnCode.Accepted, (await second.ReceiveAsync<MqttConnAckPacket>()).ReturnCode);
        Assert.Equal(0, broker.Counters.ConnectionsRejected);
    }

    [Fact]
    public async Task A_closed_unauthenticated_socket_frees_its_place()
    {
        // A second, not 300 ms: the next client must get its CONNECT in before the deadline on a loaded machine.
        await using var broker = await TestBroker.StartAsync(o => o with { MaxUnauthenticatedConnectionsPerAddress = 1, ConnectTimeout = TimeSpan.FromSeconds(1) });
        await using (var idle = await RawMqttClient.OpenAsync(broker.Port, Attacker))
        {
            await idle.WaitClosedAsync();
        }
        await broker.Log.WaitForAsync("no CONNECT within 1000 ms");
        // The log line comes as the close begins; the place is given back at its end.
        await Eventually.TrueAsync(() => broker.Counters.ConnectionsCurrent == 0, "the idle socket's close to finish");

        await using var next = await RawMqttClient.OpenAsync(broker.Port, Attacker);
        await next.SendAsync(new MqttConnectPacket { ClientId = "next" });
        Assert.Equal(MqttConnectReturnCode.Accepted, (await next.ReceiveAsync<MqttConnAckPacket>()).ReturnCode);
        Assert.Equal(0, broker.Counters.ConnectionsRejected);
    }

    [Fact]
    public async Task A_TLS_socket_that_never_finishes_its_handshake_goes_at_the_connect_deadline()
    {
        using var certificate = SelfSignedCertificate.CreateForLoopback();
        await using var broker = await TestBroker.StartAsync(o => o with
        {
            TlsEndPoint = new IPEndPoint(IPAddress.Loopback, 0),
            TlsCertificate = certificate,
            ConnectTimeout = TimeSpan.FromMilliseconds(300),
        });

        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(IPAddress.Loopback, broker.Broker.TlsEndPoint!.Port);
        using var timeout = new CancellationTokenSource(TestTimeouts.Signal);
        Assert.Equal(0, await socket.ReceiveAsync(new byte[16], SocketFlags.None, timeout.Token));

        await broker.Log.WaitForAsync("no CONNECT within 300 ms (TLS handshake unfinished)");
        Assert.Equal(0, broker.Counters.ConnectionsCurrent);
    }

    [Fact]
    public void The_defaults_close_an_idle_socket_within_seconds_and_let_one_address_hold_few()
    {
        var defaults = new MqttBrokerOptions();
        Assert.InRange(defaults.ConnectTimeout, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(5));
        Assert.InRange(defaults.MaxUnauthenticatedConnectionsPerAddress, 1, defaults.MaxConnections / 100);
    }
}
