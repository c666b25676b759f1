using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;

namespace ShareKey.Mqtt.Broker;

/// <summary>
/// Accepts sockets on one endpoint, plain or TLS, and starts a <see cref="MqttConnection"/> for each. The connection
/// limit is applied here, before any bytes are read; a TLS handshake runs on the connection's own task so a slow
/// handshake never holds up accepting.
/// </summary>
internal sealed class MqttListener : IDisposable
{
    private readonly MqttBrokerCore _core;
    private readonly Socket _socket;
    private readonly X509Certificate2? _certificate;

    public MqttListener(MqttBrokerCore core, IPEndPoint endPoint, X509Certificate2? certificate)
    {
        _core = core;
        _certificate = certificate;
        _socket = new Socket(endPoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        _socket.Bind(endPoint);
        _socket.Listen(backlog: 4096);
        LocalEndPoint = (IPEndPoint)_socket.LocalEndPoint!;
    }

    public IPEndPoint LocalEndPoint { get; }

    public async Task AcceptLoopAsync(CancellationToken stopping)
    {
        while (true)
        {
            Socket socket;
            try
            {
                socket = await _socket.AcceptAsync(stopping).ConfigureAwait(false);
            }
            catch (Exception e) when (stopping.IsCancellationRequested && e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }
            catch (SocketException e)
            {
                // A connection reset before accept completed; nothing to do with this one.
                _core.Logger.Log(MqttBrokerLogLevel.Debug, $"accept on {LocalEndPoint} failed: {e.SocketErrorCode}");
                continue;
            }
            Admit(socket);
        }
    }

    public void Dispose() => _socket.Dispose();

    private void Admit(Socket socket)
    {
        var metrics = _core.Metrics;
        if (Interlocked.Increment(ref metrics.ConnectionsCurrent) > _core.Options.MaxConnections)
        {
            Interlocked.Decrement(ref metrics.ConnectionsCurrent);
            Interlocked.Increment(ref metrics.ConnectionsRejected);
            _core.Logger.Log(MqttBrokerLogLevel.Warning,
                $"connection from {Describe(socket)} refused: limit of {_core.Options.MaxConnections} connections reached");
            socket.Dispose();
            return;
        }
        Interlocked.Increment(ref metrics.ConnectionsTotal);
        _ = RunAsync(socket);
    }

    private async Task RunAsync(Socket socket)
    {
        var peer = Describe(socket);
        MqttConnection connection;
        try
        {
            connection = await OpenAsync(socket).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            // The peer reset before we could set the socket up, or the TLS handshake failed or timed out.
            _core.Logger.Log(MqttBrokerLogLevel.Warning, $"connection from {peer} failed before MQTT: {e.Message}");
            socket.Dispose();
            Interlocked.Decrement(ref _core.Metrics.ConnectionsCurrent);
            return;
        }
        _core.Connections[connection.Id] = connection;
        await connection.RunAsync().ConfigureAwait(false);
    }

    private async Task<MqttConnection> OpenAsync(Socket socket)
    {
        socket.NoDelay = true;
        var remote = socket.RemoteEndPoint;
        Stream stream = new NetworkStream(socket, ownsSocket: true);
        if (_certificate is not null)
        {
            var tls = new SslStream(stream, leaveInnerStreamOpen: false);
            try
            {
                using var timeout = new CancellationTokenSource(_core.Options.TlsHandshakeTimeout);
                await tls.AuthenticateAsServerAsync(new SslServerAuthenticationOptions
                {
                    ServerCertificate = _certificate,
                    EnabledSslProtocols = _core.Options.TlsProtocols,
                }, timeout.Token).ConfigureAwait(false);
            }
            catch
            {
                await tls.DisposeAsync().ConfigureAwait(false);
                throw;
            }
            stream = tls;
        }
        return new MqttConnection(_core, socket, stream, remote, _certificate is not null);
    }

    private static string Describe(Socket socket)
    {
        try
        {
            return socket.RemoteEndPoint?.ToString() ?? "an unknown peer";
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            return "a peer that already left";
        }
    }
}
