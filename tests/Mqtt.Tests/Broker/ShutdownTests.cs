using System.Net;
using System.Net.Sockets;
using ShareKey.Mqtt.Packets;
using ShareKey.Mqtt.Tests.Fixtures;

namespace ShareKey.Mqtt.Tests.Broker;

/// <summary>Graceful stop: no new sockets, every client closed, persistent state kept for a restart.</summary>
public sealed class ShutdownTests
{
    [Fact]
    public async Task Stop_closes_every_client_and_refuses_new_sockets()
    {
        // Below the ephemeral range: once stopped, no other test's listener on port 0 can take the
        // port, and no connection can be its own peer, so a refusal can only come from the stop.
        await using var broker = await TestBroker.StartAsync(options => options with { TcpEndPoint = new IPEndPoint(IPAddress.Loopback, FreeTcpPort.Next()) });
        var clients = new List<RawMqttClient>();
        for (var i = 0; i < 3; i++)
        {
            clients.Add(await RawMqttClient.ConnectedAsync(broker.Port, $"c{i}"));
        }

        await broker.Broker.StopAsync();

        foreach (var client in clients)
        {
            await client.WaitClosedAsync();
            await client.DisposeAsync();
        }
        Assert.Equal(0, broker.Counters.ConnectionsCurrent);
        await Assert.ThrowsAsync<SocketException>(() => RawMqttClient.OpenAsync(broker.Port));
    }

    [Fact]
    public async Task A_restart_keeps_the_port_persistent_sessions_and_retained_messages()
    {
        await using var broker = await TestBroker.StartAsync();
        var port = broker.Port;
        var device = await RawMqttClient.ConnectedAsync(port, "device", cleanSession: false);
        await device.SubscribeAsync("d", MqttQualityOfService.AtLeastOnce);
        broker.Broker.Publish(new("r", new byte[] { 1 }, MqttQualityOfService.AtMostOnce, retain: true));

        await broker.Broker.StopAsync();
        await device.WaitClosedAsync();
        await device.DisposeAsync();
        broker.Broker.Publish(new("d", new byte[] { 2 }, MqttQualityOfService.AtLeastOnce, retain: false));
        await broker.Broker.StartAsync();

        Assert.Equal(port, broker.Port);
        var (again, connAck) = await RawMqttClient.ConnectAsync(port, new MqttConnectPacket { ClientId = "device", CleanSession = false });
        await using var _ = again;
        Assert.True(connAck.SessionPresent);
        Assert.Equal(new byte[] { 2 }, (await again.ReceiveAsync<MqttPublishPacket>()).Payload.ToArray());
        Assert.Equal(1, broker.Counters.RetainedMessages);
    }
}
