using System.Net.Sockets;

namespace ShareKey.Mqtt.Tests.Fixtures;

/// <summary>The launcher itself: starts, restarts on the same port, and is gone after dispose.</summary>
public sealed class MosquittoBrokerTests
{
    [Fact]
    public async Task Starts_with_tls_restarts_on_the_same_port_and_stops_on_dispose()
    {
        int port;
        await using (var broker = await MosquittoBroker.StartAsync(new MosquittoOptions { Persistence = true, Tls = true }))
        {
            port = broker.Port;
            Assert.NotEqual(0, broker.TlsPort);
            await broker.RestartAsync();
            Assert.Equal(port, broker.Port);
            using var socket = new TcpClient();
            await socket.ConnectAsync(broker.Host, broker.Port);
        }

        using var afterwards = new TcpClient();
        await Assert.ThrowsAsync<SocketException>(() => afterwards.ConnectAsync("127.0.0.1", port));
    }
}
