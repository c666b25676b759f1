using System.Net;
using System.Net.Sockets;

namespace ShareKey.Mqtt.Tests.Fixtures;

/// <summary>
/// An unused loopback port for a server a test starts on a port of its choosing (a process: mosquitto,
/// `sharekey serve`), possibly again on the same port after a stop or a kill. It is drawn below the
/// OS's ephemeral range: a port the OS hands out (port 0) is also what it picks for the local end of
/// every outgoing connection, so while the server is down — before its first start, or between a stop
/// and a restart — any client on the machine could take it. Below that range only another listener
/// can, and the port is proved free by binding it. It is released before it is returned, so another
/// test process may still take it in between (MosquittoBroker then starts again on new ports).
/// </summary>
public static class FreeTcpPort
{
    private const int LowestPort = 10_000;

    private const int Tries = 64;

    public static int Next()
    {
        var below = EphemeralRangeStart();
        for (var attempt = 0; attempt < Tries && below > LowestPort; attempt++)
        {
            var port = Random.Shared.Next(LowestPort, below);
            try
            {
                using var probe = new TcpListener(IPAddress.Loopback, port);
                probe.Start();
                return port;
            }
            catch (SocketException)
            {
                // Taken: draw another.
            }
        }

        using var any = new TcpListener(IPAddress.Loopback, 0);
        any.Start();
        return ((IPEndPoint)any.LocalEndpoint).Port;
    }

    /// <summary>Linux's first ephemeral port (net.ipv4.ip_local_port_range); 32768, Linux's default and below Windows', elsewhere.</summary>
    private static int EphemeralRangeStart()
    {
        const string RangeFile = "/proc/sys/net/ipv4/ip_local_port_range";
        return File.Exists(RangeFile) && int.TryParse(File.ReadAllText(RangeFile).Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)[0], out var start)
            ? start
            : 32_768;
    }
}
