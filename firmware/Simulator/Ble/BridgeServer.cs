using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using ShareKey.BleBridge;

namespace ShareKey.Simulator.Ble;

/// <summary>
/// The device side of the bridge: listens on a local TCP port and serves one phone at a time as a
/// board's GATT service would (shared/BleBridge/README.md). Attacker-facing like the radio it stands for: every
/// record is bounded and checked (<see cref="RecordStream"/>), a broken record gets an
/// <see cref="RecordType.Error"/> and the connection closes, and nothing a phone sends stops the
/// server from serving the next one.
/// </summary>
public sealed class BridgeServer(IGattPeripheral peripheral, BridgeServerOptions? options = null) : IAsyncDisposable
{
    private readonly BridgeServerOptions _options = options ?? new BridgeServerOptions();
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentDictionary<Task, bool> _connections = new();
    private TcpListener? _listener;
    private Task? _acceptLoop;
    private readonly SemaphoreSlim _phone = new(1, 1);

    /// <summary>Where phones connect; valid once started.</summary>
    public IPEndPoint EndPoint => (IPEndPoint)(_listener ?? throw new InvalidOperationException("not started")).LocalEndpoint;

    public void Start()
    {
        _listener = new TcpListener(_options.EndPoint);
        _listener.Start();
        _acceptLoop = AcceptAsync(_listener);
    }

    public async Task StopAsync()
    {
        if (_listener is null || _stop.IsCancellationRequested)
        {
            return;
        }

        await _stop.CancelAsync().ConfigureAwait(false);
        _listener.Stop();
        await _acceptLoop!.ConfigureAwait(false);
        await Task.WhenAll(_connections.Keys).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync().ConfigureAwait(false);
        _stop.Dispose();
        _phone.Dispose();
    }

    private async Task AcceptAsync(TcpListener listener)
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await listener.AcceptTcpClientAsync(_stop.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            catch (SocketException e) when (!_stop.IsCancellationRequested)
            {
                Log(BridgeLogLevel.Warning, $"accept failed: {e.SocketErrorCode}");
                continue;
            }
            catch (ObjectDisposedException)
            {
                return;
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
            client.NoDelay = true;
            RecordStream records = new(client.GetStream());
            bool served;
            try
            {
                served = await _phone.WaitAsync(_options.BusyWait, _stop.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            if (!served)
            {
                Log(BridgeLogLevel.Warning, "second phone refused: busy");
                await SendErrorAsync(records, BridgeErrorCode.Busy).ConfigureAwait(false);
                return;
            }

            try
            {
                await ServeOneAsync(records).ConfigureAwait(false);
            }
            finally
            {
                _phone.Release();
            }
        }
    }

    private async Task ServeOneAsync(RecordStream records)
    {
        bool connected = false;
        using CancellationTokenSource idle = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
        try
        {
            byte[]? challenge = Device(peripheral.Connected);
            connected = true;
            Log(BridgeLogLevel.Information, "phone connected");
            while (true)
            {
                idle.CancelAfter(_options.IdleTimeout);
                BridgeRecord? record = await records.ReadAsync(idle.Token).ConfigureAwait(false);
                if (record is null)
                {
                    Log(BridgeLogLevel.Information, "phone disconnected");
                    return;
                }

                challenge = await HandleAsync(records, record.Value, challenge, idle.Token).ConfigureAwait(false);
            }
        }
        catch (BridgeException e)
        {
            Log(BridgeLogLevel.Warning, $"phone refused: {e.Message}");
            await SendErrorAsync(records, e.Code).ConfigureAwait(false);
        }
        catch (DeviceFaultException e)
        {
            Log(BridgeLogLevel.Error, $"device failed: {e.InnerException}");
            await SendErrorAsync(records, BridgeErrorCode.DeviceFault).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!_stop.IsCancellationRequested)
        {
            Log(BridgeLogLevel.Warning, "idle phone disconnected");
        }
        catch (OperationCanceledException)
        {
            // The server is stopping: the connection just ends.
        }
        catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException)
        {
            Log(BridgeLogLevel.Information, $"phone went away: {e.Message}");
        }
        finally
        {
            if (connected)
            {
                Disconnect();
            }
        }
    }

    /// <summary>One record from the phone; returns the challenge now exposed.</summary>
    private async Task<byte[]?> HandleAsync(RecordStream records, BridgeRecord record, byte[]? challenge, CancellationToken cancellationToken)
    {
        switch (record.Type)
        {
            case RecordType.ReadChallenge:
                if (record.Body.Length != 0)
                {
                    throw new BridgeException(BridgeErrorCode.Malformed, "a challenge read has no body");
                }

                challenge ??= Device(peripheral.ReadChallenge);
                await records.WriteAsync(RecordType.ChallengeValue, challenge ?? [], cancellationToken).ConfigureAwait(false);
                return challenge;

            case RecordType.WriteCommand:
                CommandWrite write = CommandWrite.Parse(record.Body);
                byte[] result = Device(() =>
                {
                    foreach (int rssi in write.RssiSamples)
                    {
                        peripheral.Signal(rssi);
                    }

                    return peripheral.WriteCommand(write.Frame);
                });
                await records.WriteAsync(RecordType.ResultNotify, result, cancellationToken).ConfigureAwait(false);
                byte[]? fresh = Device(peripheral.ReadChallenge);
                if (fresh is not null)
                {
                    await records.WriteAsync(RecordType.ChallengeNotify, fresh, cancellationToken).ConfigureAwait(false);
                }

                return fresh;

            default:
                throw new BridgeException(BridgeErrorCode.Malformed, $"record type {record.Type} travels device to phone");
        }
    }

    private async Task SendErrorAsync(RecordStream records, BridgeErrorCode code)
    {
        // Best effort: the phone may be gone already, or not reading.
        using CancellationTokenSource timeout = new(TimeSpan.FromSeconds(1));
        try
        {
            await records.WriteAsync(RecordType.Error, new[] { (byte)code }, timeout.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException or OperationCanceledException)
        {
            Log(BridgeLogLevel.Information, $"error record not delivered: {e.Message}");
        }
    }

    private static T Device<T>(Func<T> call)
    {
        try
        {
            return call();
        }
        catch (Exception e)
        {
            throw new DeviceFaultException(e);
        }
    }

    private void Disconnect()
    {
        try
        {
            peripheral.Disconnected();
        }
        catch (Exception e)
        {
            Log(BridgeLogLevel.Error, $"device failed on disconnect: {e}");
        }
    }

    private void Log(BridgeLogLevel level, string message) => _options.Log?.Invoke(level, message);

    /// <summary>The peripheral threw: the device's fault, reported as such and never as the phone's.</summary>
    private sealed class DeviceFaultException(Exception inner) : Exception("device fault", inner);
}
