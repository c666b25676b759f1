using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;

namespace ShareKey.Mqtt.Broker;

/// <summary>
/// Accepts sockets on one endpoint, plain or TLS, and starts a <see cref="MqttConnection"/> for each. The connection
/// limits (total, and unauthenticated per address) are applied here, before any bytes are read; a TLS handshake runs
/// on the connection's own task so a slow handshake never holds up accepting.
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
        var acceptedAt = Environment.TickCount64;
        var metrics = _core.Metrics;
        if (Interlocked.Increment(ref metrics.ConnectionsCurrent) > _core.Options.MaxConnections)
        {
            Reject(socket, $"connection from {Describe(socket)} refused: limit of {_core.Options.MaxConnections} connections reached");
            return;
        }
        if (RemoteAddress(socket) is not { } address)
        {
            // The peer left before we looked.
            socket.Dispose();
            Interlocked.Decrement(ref metrics.ConnectionsCurrent);
            return;
        }
        var slot = _core.Unauthenticated.TryEnter(address, out var firstRefusal);
        if (slot is null)
        {
            Reject(socket, firstRefusal
                ? $"connection from {Describe(socket)} refused: its address already holds {_core.Unauthenticated.Limit} connections " +
                  "without an accepted CONNECT (further refusals from it are only counted until one of them ends)"
                : null);
            return;
        }
        Interlocked.Increment(ref metrics.ConnectionsTotal);
        _ = RunAsync(socket, slot, acceptedAt);
    }

    private void Reject(Socket socket, string? warning)
    {
        Interlocked.Decrement(ref _core.Metrics.ConnectionsCurrent);
        Interlocked.Increment(ref _core.Metrics.ConnectionsRejected);
        if (warning is not null)
        {
            _core.Logger.Log(MqttBrokerLogLevel.Warning, warning);
        }
        socket.Dispose();
    }

    private async Task RunAsync(Socket socket, MqttAddressSlot slot, long acceptedAt)
    {
        var peer = Describe(socket);
        MqttConnection connection;
        try
        {
            connection = await OpenAsync(socket, slot, acceptedAt).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            Abandon(socket, slot);
            _core.Logger.Log(MqttBrokerLogLevel.Warning,
                $"connection from {peer}: no CONNECT within {(long)_core.Options.ConnectTimeout.TotalMilliseconds} ms (TLS handshake unfinished); closed");
            return;
        }
        catch (Exception e)
        {
            // The peer reset before we could set the socket up, or the TLS handshake failed.
            Abandon(socket, slot);
            _core.Logger.Log(MqttBrokerLogLevel.Warning, $"connection from {peer} failed before MQTT: {e.Message}");
            return;
        }
        _core.Connections[connection.Id] = connection;
        await connection.RunAsync().ConfigureAwait(false);
    }

    private void Abandon(Socket socket, MqttAddressSlot slot)
    {
        socket.Dispose();
        slot.Release();
        Interlocked.Decrement(ref _core.Metrics.ConnectionsCurrent);
    }

    private async Task<MqttConnection> OpenAsync(Socket socket, MqttAddressSlot slot, long acceptedAt)
    {
        socket.NoDelay = true;
        var remote = socket.RemoteEndPoint;
        Stream stream = new NetworkStream(socket, ownsSocket: true);
        if (_certificate is not null)
        {
            var tls = new SslStream(stream, leaveInnerStreamOpen: false);
            try
            {
                // The handshake spends the connect deadline, so an idle TLS socket is gone as soon as a plain one.
                using var deadline = new CancellationTokenSource(_core.Options.ConnectTimeout);
                await tls.AuthenticateAsServerAsync(new SslServerAuthenticationOptions
                {
                    ServerCertificate = _certificate,
                    EnabledSslProtocols = _core.Options.TlsProtocols,
                }, deadline.Token).ConfigureAwait(false);
            }
            catch
            {
                await tls.DisposeAsync().ConfigureAwait(false);
                throw;
            }
            stream = tls;
        }
        return new MqttConnection(_core, socket, stream, remote, _certificate is not null, slot, acceptedAt);
    }

    private static IPAddress? RemoteAddress(Socket socket)
    {
        try
        {
            return (socket.RemoteEndPoint as IPEndPoint)?.Address;
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            return null;
        }
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
