using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace ShareKey.Simulator.Control;

/// <summary>
/// The control channel: a loopback TCP port that takes <see cref="ControlCommands"/>, one command a
/// line (UTF-8, at most <see cref="MaxLineBytes"/>), and answers each with one <see cref="ControlReply"/>
/// line — for `sharekey-sim ctl`, scripts (`nc`) and out-of-process tests. Loopback only and without
/// credentials, like the BLE bridge: whoever can reach it runs this machine. A line too long, or a
/// connection silent for <see cref="IdleTimeout"/>, closes the connection; nothing a client sends
/// stops the server.
/// </summary>
public sealed class ControlServer(ControlCommands commands, int port, ISimulatorLog log) : IAsyncDisposable
{
    public const int MaxLineBytes = 1024;

    public static readonly TimeSpan IdleTimeout = TimeSpan.FromMinutes(5);

    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentDictionary<Task, bool> _connections = new();
    private TcpListener? _listener;
    private Task? _acceptLoop;

    public IPEndPoint EndPoint => (IPEndPoint)(_listener ?? throw new InvalidOperationException("not started")).LocalEndpoint;

    public void Start()
    {
        _listener = new TcpListener(IPAddress.Loopback, port);
        _listener.Start();
        _acceptLoop = AcceptAsync(_listener);
    }

    public async ValueTask DisposeAsync()
    {
        if (_listener is null || _stop.IsCancellationRequested)
        {
            return;
        }

        await _stop.CancelAsync();
        _listener.Stop();
        await _acceptLoop!;
        await Task.WhenAll(_connections.Keys);
        _stop.Dispose();
    }

    private async Task AcceptAsync(TcpListener listener)
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException)
            {
                return;
            }
            catch (SocketException e)
            {
                log.Info("control", $"accept failed: {e.SocketErrorCode}");
                continue;
            }

            Task connection = ServeAsync(client);
            _connections[connection] = true;
            _ = connection.ContinueWith(done => _connections.TryRemove(done, out _), TaskScheduler.Default);
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        using (client)
        {
            NetworkStream stream = client.GetStream();
            byte[] buffer = new byte[MaxLineBytes + 1];
            int filled = 0;
            try
            {
                while (true)
                {
                    int end = Array.IndexOf(buffer, (byte)'\n', 0, filled);
                    if (end < 0)
                    {
                        if (filled > MaxLineBytes)
                        {
                            await WriteAsync(stream, ControlReply.Usage($"a command is at most {MaxLineBytes} bytes; closing"));
                            return;
                        }

                        using CancellationTokenSource idle = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
                        idle.CancelAfter(IdleTimeout);
                        int read = await stream.ReadAsync(buffer.AsMemory(filled), idle.Token);
                        if (read == 0)
                        {
                            return;
                        }

                        filled += read;
                        continue;
                    }

                    string? line = Decode(buffer, end);
                    Array.Copy(buffer, end + 1, buffer, 0, filled - end - 1);
                    filled -= end + 1;
                    ControlReply reply = line is null
                        ? ControlReply.Usage("a command is UTF-8 text")
                        : await commands.ExecuteAsync(line, _stop.Token);
                    if (line is not null && line.Length > 0)
                    {
                        log.Info("control", $"{line} -> {reply.Kind}");
                    }

                    await WriteAsync(stream, reply);
                }
            }
            catch (Exception e) when (e is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
            {
                // The client went away, was idle too long, or the simulator is stopping.
            }
        }
    }

    /// <summary>The line before <paramref name="end"/> without a trailing CR; null if it is not UTF-8.</summary>
    private static string? Decode(byte[] buffer, int end)
    {
        int length = end > 0 && buffer[end - 1] == '\r' ? end - 1 : end;
        try
        {
            return new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(buffer, 0, length);
        }
        catch (DecoderFallbackException)
        {
            return null;
        }
    }

    private async Task WriteAsync(NetworkStream stream, ControlReply reply) =>
        await stream.WriteAsync(Encoding.UTF8.GetBytes(reply.ToLine() + "\n"), _stop.Token);
}
