using System.Runtime.InteropServices;
using System.Security.Cryptography.X509Certificates;
using ShareKey.Firmware.Configuration;
using ShareKey.Firmware.Uplink;
using ShareKey.Mqtt.Client;
using ShareKey.Mqtt.Packets;

namespace ShareKey.Simulator.Mqtt;

/// <summary>
/// A simulated board's MQTT connection — the host's counterpart of the board's M2Mqtt session:
/// the credentials and topics of its configuration file, a persistent session (QoS 1 down messages
/// wait at the broker while the device is offline), QoS 1 both ways. It keeps trying to connect until
/// stopped, tells the board's controller when it is connected and subscribed and when the connection is
/// lost, hands it every down frame (never before telling it the link is up), and logs an up frame the
/// broker never acknowledged.
/// </summary>
public sealed class MqttDeviceLink : IUplink, IAsyncDisposable
{
    private static readonly TimeSpan MaxRetryDelay = TimeSpan.FromSeconds(30);

    private readonly BoardConfig _config;
    private readonly ISimulatorLog _log;
    private readonly string _source;
    private readonly MqttClient _client;
    private readonly CancellationTokenSource _stop = new();
    private readonly TaskCompletionSource _online = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly object _power = new();
    private bool _poweredOff;
    private IMqttEndpoint? _controller;
    private Task? _connecting;
    private volatile bool _subscribed;

    /// <summary>Whether the controller was last told the link is up (under <see cref="_power"/>).</summary>
    private bool _toldOnline;

    public MqttDeviceLink(BoardConfig config, BrokerAddress? broker, ISimulatorLog log, string source)
    {
        _config = config;
        _log = log;
        _source = source;
        Broker = broker ?? new BrokerAddress(config.MqttHost, config.MqttPort);
        _client = new MqttClient(new MqttClientOptions
        {
            Host = Broker.Host,
            Port = Broker.Port,
            ClientId = config.MqttClientId,
            Username = config.MqttUsername,
            Password = config.MqttPassword,
            CleanSession = false,
            KeepAlivePeriod = TimeSpan.FromSeconds(60),
            Tls = !config.MqttTls ? null
                : config.MqttCaCertificate is { } authority
                    ? MqttClientTlsOptions.TrustingOnly(X509CertificateLoader.LoadCertificate(Convert.FromBase64String(authority)), Broker.Host)
                    : new MqttClientTlsOptions(),
            MaxInFlight = 8,
            // The read loop hands each down frame to the controller itself, as the board's MQTT stack does:
            // the controller never waits for the broker, and a queue would cost a thread hop per frame.
            ReceiveQueueCapacity = 0,
        });
    }

    public BrokerAddress Broker { get; }

    /// <summary>Completes the first time the link is connected and subscribed.</summary>
    public Task Online => _online.Task;

    public bool IsConnected => _subscribed && _client.State == MqttClientState.Connected;

    public void Start(IMqttEndpoint controller)
    {
        _controller = controller;
        _client.MessageReceivedAsync = Receive;
        _client.StateChanged += OnStateChanged;
        _connecting = ConnectAsync(_stop.Token);
    }

    public bool Publish(uint messageId, byte[] frame)
    {
        if (!IsConnected)
        {
            return false;
        }

        Task delivery;
        try
        {
            delivery = _client.PublishAsync(_config.TopicUp, frame, MqttQualityOfService.AtLeastOnce);
        }
        catch (MqttClientNotConnectedException)
        {
            return false;
        }

        // Only a failure is logged: a delivered frame's continuation is dropped where the flight completes,
        // without a thread-pool hop per up frame.
        _ = delivery.ContinueWith(done => LogUndelivered(done, messageId), CancellationToken.None,
            TaskContinuationOptions.NotOnRanToCompletion | TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        return true;
    }

    /// <summary>Power off: from now on nothing reaches the controller, though the client may still be winding down.</summary>
    public async ValueTask DisposeAsync()
    {
        lock (_power)
        {
            if (_poweredOff)
            {
                // Already off: a second power-off (Stop then Dispose) has nothing left to do.
                return;
            }

            _poweredOff = true;
        }

        await _stop.CancelAsync();
        if (_connecting is not null)
        {
            await _connecting;
        }

        _subscribed = false;
        _client.StateChanged -= OnStateChanged;
        await _client.DisposeAsync();
        _stop.Dispose();
    }

    /// <summary>The first connection, retried with backoff until it works; after it, the client reconnects by itself.</summary>
    private async Task ConnectAsync(CancellationToken stopping)
    {
        TimeSpan delay = TimeSpan.FromSeconds(1);
        while (!stopping.IsCancellationRequested)
        {
            try
            {
                await _client.ConnectAsync(stopping);
                MqttSubscribeReturnCode granted = await _client.SubscribeAsync(_config.TopicDown, MqttQualityOfService.AtLeastOnce, stopping);
                if (granted == MqttSubscribeReturnCode.Failure)
                {
                    _log.Error(_source, $"mqtt: the broker refused the subscription to {_config.TopicDown}");
                    return;
                }

                Call(TellOnline);
                return;
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                _log.Info(_source, $"mqtt: cannot connect to {Broker} ({e.Message}); retrying in {delay.TotalSeconds:0} s");
            }

            try
            {
                await Task.Delay(delay, stopping);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            delay = delay * 2 < MaxRetryDelay ? delay * 2 : MaxRetryDelay;
        }
    }

    private void OnStateChanged(object? sender, MqttClientStateChangedEventArgs change)
    {
        if (!_subscribed)
        {
            return;
        }

        switch (change.State)
        {
            case MqttClientState.Connected:
                Call(TellOnline);
                break;
            case MqttClientState.Reconnecting:
            case MqttClientState.Disconnected:
                _log.Info(_source, $"mqtt: connection lost ({change.Reason?.Message ?? "closed"})");
                Call(controller =>
                {
                    _toldOnline = false;
                    controller.MqttDisconnected();
                });
                break;
        }
    }

    private ValueTask Receive(MqttReceivedMessage message)
    {
        if (message.Topic == _config.TopicDown)
        {
            ArraySegment<byte> frame = MemoryMarshal.TryGetArray(message.Payload, out ArraySegment<byte> segment) ? segment : message.Payload.ToArray();
            Call(controller =>
            {
                // A down frame can come before the SUBACK's continuation or the Connected state change
                // runs: at once after SUBACK, or (a persistent session) after CONNACK. It proves the link
                // up, so the controller hears that first, as on the board (MqttSession), and its Ack goes up.
                TellOnline(controller);
                controller.MqttFrameReceived(frame.Array!, frame.Offset, frame.Count);
            });
        }

        return ValueTask.CompletedTask;
    }

    /// <summary>
    /// One call into the controller, unless the board is powered off; a failure is the device's own
    /// (a flash fault on the board would reboot it) and is logged as an error.
    /// </summary>
    private void Call(Action<IMqttEndpoint> call)
    {
        lock (_power)
        {
            if (_poweredOff)
            {
                return;
            }

            try
            {
                call(_controller!);
            }
            catch (Exception e)
            {
                _log.Error(_source, "device failed handling MQTT", e);
            }
        }
    }

    /// <summary>Tells the controller the link is up, once per connection; called under <see cref="_power"/>.</summary>
    private void TellOnline(IMqttEndpoint controller)
    {
        if (_toldOnline)
        {
            return;
        }

        var first = !_subscribed;
        _subscribed = true;
        _toldOnline = true;
        _log.Info(_source, first ? $"mqtt: connected to {Broker}, subscribed to {_config.TopicDown}" : "mqtt: reconnected");
        controller.MqttConnected();
        _online.TrySetResult();
    }

    private void LogUndelivered(Task delivery, uint messageId)
    {
        // Not delivered (disconnect while in flight): the controller resends what matters.
        _log.Info(_source, $"mqtt: up frame {messageId} not acknowledged ({delivery.Exception?.InnerException?.Message ?? "cancelled"})");
    }
}
