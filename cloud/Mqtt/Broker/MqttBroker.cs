using System.Net;
using ShareKey.Mqtt.Topics;

namespace ShareKey.Mqtt.Broker;

/// <summary>
/// An MQTT 3.1.1 broker that runs inside the host process: TCP and TLS listeners, pluggable authentication and
/// per-topic authorisation, QoS 0/1/2, retained messages, persistent sessions, wills, keep-alive, shared
/// subscriptions. <c>await using var broker = new MqttBroker(options); await broker.StartAsync();</c>
/// </summary>
public sealed class MqttBroker : IAsyncDisposable
{
    private readonly MqttBrokerCore _core;
    private readonly List<MqttListener> _listeners = [];
    private readonly List<Task> _loops = [];
    private CancellationTokenSource? _stopping;

    public MqttBroker(MqttBrokerOptions options)
    {
        options.Validate();
        _core = new MqttBrokerCore(options);
    }

    /// <summary>Where the TCP listener is bound (the real port when 0 was asked for); null before start or without one.</summary>
    public IPEndPoint? TcpEndPoint { get; private set; }

    public IPEndPoint? TlsEndPoint { get; private set; }

    public MqttBrokerOptions Options => _core.Options;

    /// <summary>Binds the listeners (throws if a port is taken) and starts accepting. After <see cref="StopAsync"/>
    /// it may be called again: persistent sessions and retained messages live as long as this object.</summary>
    public Task StartAsync()
    {
        if (_stopping is { IsCancellationRequested: false })
        {
            throw new InvalidOperationException("the broker is already started");
        }
        _stopping?.Dispose();
        _loops.Clear();
        var options = _core.Options;
        _stopping = new CancellationTokenSource();
        try
        {
            if (options.TcpEndPoint is { } tcp)
            {
                // A restart keeps the port it was given the first time, even if the options asked for any port.
                TcpEndPoint = Listen(TcpEndPoint ?? tcp, null);
            }
            if (options.TlsEndPoint is { } tls)
            {
                TlsEndPoint = Listen(TlsEndPoint ?? tls, options.TlsCertificate);
            }
        }
        catch
        {
            DisposeListeners();
            throw;
        }
        _loops.Add(MonitorIdleAsync(_stopping.Token));
        _core.Logger.Log(MqttBrokerLogLevel.Information,
            $"MQTT broker listening on {string.Join(", ", _listeners.Select(l => l.LocalEndPoint))}");
        return Task.CompletedTask;
    }

    /// <summary>Stops accepting, closes every connection (wills are not published for a broker shutdown), and waits
    /// for them to finish, at most <see cref="MqttBrokerOptions.ShutdownTimeout"/>.</summary>
    public async Task StopAsync()
    {
        if (_stopping is null || _stopping.IsCancellationRequested)
        {
            return;
        }
        await _stopping.CancelAsync().ConfigureAwait(false);
        DisposeListeners();
        await Task.WhenAll(_loops).ConfigureAwait(false);
        var connections = _core.Connections.Values.ToArray();
        foreach (var connection in connections)
        {
            connection.Close(MqttCloseReason.BrokerShutdown);
        }
        try
        {
            await Task.WhenAll(connections.Select(c => c.Completion)).WaitAsync(_core.Options.ShutdownTimeout).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            _core.Logger.Log(MqttBrokerLogLevel.Warning, $"broker stop: connections still closing after {_core.Options.ShutdownTimeout}");
        }
        _core.Logger.Log(MqttBrokerLogLevel.Information, "MQTT broker stopped");
    }

    /// <summary>Publishes from inside the process, as if a fully trusted client had sent it (no authorisation).</summary>
    public void Publish(MqttApplicationMessage message)
    {
        MqttTopicName.Validate(message.Topic);
        _core.Router.Route(message);
    }

    public MqttBrokerCounters GetCounters() => _core.Snapshot();

    public async ValueTask DisposeAsync()
    {
        await StopAsync().ConfigureAwait(false);
        _stopping?.Dispose();
    }

    private IPEndPoint Listen(IPEndPoint endPoint, System.Security.Cryptography.X509Certificates.X509Certificate2? certificate)
    {
        var listener = new MqttListener(_core, endPoint, certificate);
        _listeners.Add(listener);
        _loops.Add(listener.AcceptLoopAsync(_stopping!.Token));
        return listener.LocalEndPoint;
    }

    private void DisposeListeners()
    {
        foreach (var listener in _listeners)
        {
            listener.Dispose();
        }
        _listeners.Clear();
    }

    private async Task MonitorIdleAsync(CancellationToken stopping)
    {
        var interval = (long)_core.Options.IdleCheckInterval.TotalMilliseconds;
        using var timer = new PeriodicTimer(_core.Options.IdleCheckInterval);
        var previous = Environment.TickCount64;
        try
        {
            while (await timer.WaitForNextTickAsync(stopping).ConfigureAwait(false))
            {
                var now = Environment.TickCount64;
                // A tick much later than due means the process is not keeping up; its view of who is silent is stale.
                var timely = now - previous <= interval * 3 / 2;
                previous = now;
                foreach (var connection in _core.Connections.Values)
                {
                    connection.CheckIdle(now, timely);
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Broker stopping.
        }
    }
}
