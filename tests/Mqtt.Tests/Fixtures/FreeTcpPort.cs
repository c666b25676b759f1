using System.Net;
using System.Net.Sockets;

namespace ShareKey.Mqtt.Tests.Fixtures;

/// <summary>Asks the OS for an unused loopback port. The port is released before it is returned,
/// so another process could take it in between (MosquittoBroker then starts again on new ports).</summary>
public static class FreeTcpPort
{
    public static int Next()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }
}
