using ShareKey.Mqtt.Client;
using ShareKey.Mqtt.Tests.Fixtures;

namespace ShareKey.Mqtt.Tests.Client;

public sealed class KeepAliveTests
{
    [Theory]
    [MemberData(nameof(TestBrokers.All), MemberType = typeof(TestBrokers))]
    public async Task A_broker_that_stops_answering_is_detected_and_the_connection_closed(BrokerKind kind)
    {
        await using var environment = new TestEnvironment();
        var broker = environment.Own(await TestBrokers.StartAsync(kind, environment));
        var proxy = environment.Own(new TcpFaultProxy(broker.Host, broker.Port));
        var options = TestClients.Options(environment, proxy.Host, proxy.Port, TestUser.Device1) with
        {
            KeepAlivePeriod = TimeSpan.FromSeconds(1),
            PingResponseTimeout = TimeSpan.FromSeconds(1),
            Reconnect = new() { Enabled = false },
        };
        var client = environment.Own(new MqttClient(options));
        var states = new StateWatcher(client);
        await client.ConnectAsync();

        proxy.Freeze(); // the socket stays open; nothing comes back

        var lost = await states.NextAsync(MqttClientState.Disconnected);
        Assert.IsType<TimeoutException>(lost.Reason);
    }

    [Theory]
    [MemberData(nameof(TestBrokers.All), MemberType = typeof(TestBrokers))]
    public async Task An_idle_client_keeps_its_connection_through_several_keep_alive_periods(BrokerKind kind)
    {
        await using var environment = new TestEnvironment();
        var broker = environment.Own(await TestBrokers.StartAsync(kind, environment));
        var proxy = environment.Own(new TcpFaultProxy(broker.Host, broker.Port));
        // 2 s rather than 1 s: the margin between our ping (at 3/4 of the period) and a strict broker's
        // 1.5 periods must absorb a busy test machine's scheduling delays.
        var options = TestClients.Options(environment, proxy.Host, proxy.Port, TestUser.Device1) with
        {
            KeepAlivePeriod = TimeSpan.FromSeconds(2),
            PingResponseTimeout = TimeSpan.FromSeconds(2),
        };
        var client = environment.Own(new MqttClient(options));
        var changes = 0;
        await client.ConnectAsync();
        client.StateChanged += (_, _) => Interlocked.Increment(ref changes);

        // Keep-alive is time-based by definition: a broker drops a client silent for 1.5 periods (§3.1.2.10).
        // Mosquitto 2.0.11 enforces that on a coarse timer (a silent raw socket with keep-alive 2 s was closed
        // after 5.2 to 5.9 s). Six answered pings, one per 1.5 s of idleness, span about 9 s: a client that
        // stopped pinging, or a broker that stopped accepting its pings, would have cost the connection by then.
        await proxy.WaitForPingResponsesAsync(IdlePings, PingsTimeout);

        Assert.Equal(MqttClientState.Connected, client.State);
        Assert.Equal(0, Volatile.Read(ref changes));
        await client.PublishTextAsync("sk/device-1/up", "still here");
    }

    /// <summary>Answered pings that prove a connection outlived several keep-alive periods (see the idle test).</summary>
    internal const int IdlePings = 6;

    /// <summary>Bound on waiting for <see cref="IdlePings"/> pings at 2 s keep-alive (about 9 s when healthy).</summary>
    internal static readonly TimeSpan PingsTimeout = TimeSpan.FromSeconds(45);
}
