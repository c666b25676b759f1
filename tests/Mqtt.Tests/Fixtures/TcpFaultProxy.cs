using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace ShareKey.Mqtt.Tests.Fixtures;

/// <summary>A loopback TCP relay between a client and a broker that can inject network faults:
/// cut every connection abruptly, freeze traffic (a broker that stopped answering but whose socket
/// stays open), or swallow what clients send on the current connections. Works the same in front of any broker.</summary>
public sealed class TcpFaultProxy : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly string _targetHost;
    private readonly int _targetPort;
    private readonly ConcurrentDictionary<RelayedConnection, byte> _connections = new();
    private readonly CancellationTokenSource _stopping = new();
    private readonly Task _acceptLoop;
    private readonly object _gate = new();
    private TaskCompletionSource _thawed = CompletedGate();
    private TaskCompletionSource<int> _nextAccept = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _accepted;
    private int _pingResponses;
    private TaskCompletionSource _nextPingResponse = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public TcpFaultProxy(string targetHost, int targetPort)
    {
        _targetHost = targetHost;
        _targetPort = targetPort;
        _listener.Start();
        _acceptLoop = AcceptLoopAsync();
    }

    public string Host => "127.0.0.1";

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    /// <summary>How many client connections were accepted so far.</summary>
    public int AcceptedConnections => Volatile.Read(ref _accepted);

    /// <summary>Completes when the proxy has accepted more than <paramref name="count"/> connections.</summary>
    public async Task WaitForConnectionsBeyondAsync(int count, TimeSpan timeout)
    {
        using var deadline = new CancellationTokenSource(timeout);
        while (AcceptedConnections <= count)
        {
            Task<int> next;
            lock (_gate)
            {
                next = _nextAccept.Task;
            }

            if (AcceptedConnections > count)
            {
                return;
            }

            await next.WaitAsync(deadline.Token);
        }
    }

    /// <summary>How many PINGRESP packets the broker sent to clients through the proxy so far.</summary>
    public int PingResponses => Volatile.Read(ref _pingResponses);

    /// <summary>Completes when the broker has answered at least <paramref name="count"/> PINGREQs through the proxy:
    /// proof that keep-alive round trips, and the time they take, have passed on the wire.</summary>
    public async Task WaitForPingResponsesAsync(int count, TimeSpan timeout)
    {
        using var deadline = new CancellationTokenSource(timeout);
        while (true)
        {
            Task next;
            lock (_gate)
            {
                if (_pingResponses >= count)
                {
                    return;
                }

                next = _nextPingResponse.Task;
            }

            await next.WaitAsync(deadline.Token);
        }
    }

    /// <summary>Stops relaying in both directions while keeping every socket open.</summary>
    public void Freeze()
    {
        lock (_gate)
        {
            if (_thawed.Task.IsCompleted)
            {
                _thawed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            }
        }
    }

    public void Thaw()
    {
        lock (_gate)
        {
            _thawed.TrySetResult();
        }
    }

    /// <summary>From now on, bytes clients send on the connections open now are read and thrown away instead of
    /// reaching the broker (acknowledgements lost in the network); connections made later relay normally.</summary>
    public void SwallowClientBytesOnCurrentConnections()
    {
        foreach (var connection in _connections.Keys)
        {
            connection.SwallowClientBytes = true;
        }
    }

    /// <summary>Resets every current connection on both sides, as a pulled cable or a crash would.</summary>
    public void DropAll()
    {
        foreach (var connection in _connections.Keys)
        {
            connection.Abort();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        _listener.Stop();
        Thaw();
        DropAll();
        try
        {
            await _acceptLoop;
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // The accept loop ends by being stopped; how the socket layer reports that varies.
        }

        _stopping.Dispose();
    }

    private static TaskCompletionSource CompletedGate()
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        gate.SetResult();
        return gate;
    }

    private async Task AcceptLoopAsync()
    {
        while (!_stopping.IsCancellationRequested)
        {
            var client = await _listener.AcceptSocketAsync(_stopping.Token);
            var upstream = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            try
            {
                await upstream.ConnectAsync(_targetHost, _targetPort, _stopping.Token);
            }
            catch (SocketException)
            {
                // The broker is down: the client sees its connection refused-then-closed.
                RelayedConnection.Reset(client);
                upstream.Dispose();
                continue;
            }

            var connection = new RelayedConnection(client, upstream);
            _connections[connection] = 0;
            _ = RelayAsync(connection);
            lock (_gate)
            {
                Interlocked.Increment(ref _accepted);
                var accepted = _nextAccept;
                _nextAccept = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
                accepted.TrySetResult(_accepted);
            }
        }
    }

    private async Task RelayAsync(RelayedConnection connection)
    {
        await Task.WhenAll(
            PumpAsync(connection, fromClient: true),
            PumpAsync(connection, fromClient: false));
        _connections.TryRemove(connection, out _);
    }

    private async Task PumpAsync(RelayedConnection connection, bool fromClient)
    {
        var (from, to) = fromClient ? (connection.Client, connection.Upstream) : (connection.Upstream, connection.Client);
        var buffer = new byte[16 * 1024];
        try
        {
            while (true)
            {
                var read = await from.ReceiveAsync(buffer, SocketFlags.None, _stopping.Token);
                await ThawedAsync();
                if (read == 0)
                {
                    break;
                }

                if (fromClient && connection.SwallowClientBytes)
                {
                    continue;
                }

                await to.SendAsync(buffer.AsMemory(0, read), SocketFlags.None, _stopping.Token);
                if (!fromClient)
                {
                    connection.BrokerPackets.Read(buffer.AsSpan(0, read), CountPingResponse);
                }
            }
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException or OperationCanceledException)
        {
            // One side went away; the finally below takes the other side down with it.
        }

        // A frozen network passes nothing, not even the news that the other side hung up.
        await ThawedAsync();
        RelayedConnection.Reset(from);
        RelayedConnection.Reset(to);
    }

    private void CountPingResponse(int packetType)
    {
        const int pingResp = 13;
        if (packetType != pingResp)
        {
            return;
        }

        lock (_gate)
        {
            _pingResponses++;
            var answered = _nextPingResponse;
            _nextPingResponse = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            answered.TrySetResult();
        }
    }

    private Task ThawedAsync()
    {
        lock (_gate)
        {
            return _thawed.Task;
        }
    }

    private sealed class RelayedConnection(Socket client, Socket upstream)
    {
        public Socket Client { get; } = client;

        public Socket Upstream { get; } = upstream;

        public volatile bool SwallowClientBytes;

        /// <summary>Where the broker-to-client stream stands between packets; only its pump reads it.</summary>
        public PacketFraming BrokerPackets { get; } = new();

        public static void Reset(Socket socket)
        {
            try
            {
                socket.LingerState = new LingerOption(true, 0);
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException)
            {
                // Already closed.
            }

            socket.Dispose();
        }

        public void Abort()
        {
            Reset(Client);
            Reset(Upstream);
        }
    }
}
