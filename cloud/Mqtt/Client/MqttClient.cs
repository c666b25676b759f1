using ShareKey.Mqtt.Formatter;
using ShareKey.Mqtt.Packets;

namespace ShareKey.Mqtt.Client;

/// <summary>An MQTT 3.1.1 client: connect, publish at QoS 0/1/2, subscribe, and stay connected — keep-alive,
/// automatic reconnect with backoff, resend of unacknowledged messages and resubscribe (§4.4).</summary>
/// <remarks>
/// The client's half of the session (unacknowledged outbound publishes, inbound QoS 2 packet identifiers,
/// subscriptions) lives in memory for the lifetime of this object, across reconnects; it does not survive a
/// process restart. One <see cref="ConnectAsync"/> / <see cref="DisconnectAsync"/> at a time; every other
/// member is safe to call concurrently.
/// </remarks>
public sealed partial class MqttClient : IAsyncDisposable
{
    private static readonly TimeSpan DisconnectFlushTimeout = TimeSpan.FromSeconds(5);

    private readonly MqttClientOptions _options;
    private readonly IMqttClientLogger _logger;
    private readonly MqttPacketEncoder _encoder = new();
    private readonly MqttPacketDecoder _decoder;
    private readonly SemaphoreSlim _inFlightWindow;
    private readonly MessageDispatcher _dispatcher;
    private readonly SubscriptionRegistry _subscriptions = new();
    private readonly InboundQos2Receipts _qos2Receipts = new();

    // Guards everything below, and makes "queue on the current connection" atomic with "record in the
    // session", so the order in the session is the order on the wire.
    private readonly Lock _sessionLock = new();
    private readonly PacketIdentifierPool _packetIdentifiers = new();
    private readonly OutboundFlights _flights = new();
    private readonly PendingRequests _requests = new();
    private MqttClientConnection? _connection;
    private MqttClientState _state;
    private CancellationTokenSource? _stopping;
    private Task? _supervisor;
    private bool _disposed;

    public MqttClient(MqttClientOptions options)
    {
        options.Validate();
        _options = options;
        _logger = options.Logger;
        _decoder = new MqttPacketDecoder(options.MaximumIncomingPacketSize);
        _inFlightWindow = new SemaphoreSlim(options.MaxInFlight, options.MaxInFlight);
        _dispatcher = new MessageDispatcher(options.ReceiveQueueCapacity, () => MessageReceivedAsync, _logger);
    }

    public MqttClientOptions Options => _options;

    public MqttClientState State
    {
        get
        {
            lock (_sessionLock)
            {
                return _state;
            }
        }
    }

    /// <summary>Called for every message the broker delivers, one at a time, on a task of its own; see
    /// <see cref="MqttClientOptions.ReceiveQueueCapacity"/> for what happens when it falls behind (and for the
    /// read loop calling it itself). The message is acknowledged to the broker once it is queued for this handler,
    /// so an exception thrown here is logged as an error and the message is not redelivered. Without a handler,
    /// messages are acknowledged and dropped.</summary>
    public Func<MqttReceivedMessage, ValueTask>? MessageReceivedAsync { get; set; }

    /// <summary>Raised on every state change, outside the client's locks.</summary>
    public event EventHandler<MqttClientStateChangedEventArgs>? StateChanged;

    /// <summary>Connects once. Failure goes to the caller (<see cref="MqttConnectRefusedException"/> with the
    /// return code, a socket or TLS exception, <see cref="TimeoutException"/>); automatic reconnect only
    /// starts after a connection that succeeded is lost.</summary>
    public async Task<MqttConnectResult> ConnectAsync(CancellationToken cancellationToken = default)
    {
        CancellationTokenSource stopping;
        lock (_sessionLock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_state != MqttClientState.Disconnected)
            {
                throw new InvalidOperationException($"The client is {_state}; disconnect first.");
            }

            _state = MqttClientState.Connecting;
            _stopping?.Dispose(); // left by a connection lost without reconnect; its supervisor has finished
            _stopping = stopping = new CancellationTokenSource();
        }

        RaiseStateChanged(MqttClientState.Connecting, null);
        try
        {
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, stopping.Token);
            var (connection, result) = await EstablishAsync(linked.Token);
            lock (_sessionLock)
            {
                // Task.Run: the supervisor must not start reading inside this lock.
                _supervisor = Task.Run(() => SuperviseAsync(connection, stopping.Token));
            }

            return result;
        }
        catch (Exception e)
        {
            AbandonFlights();
            lock (_sessionLock)
            {
                _state = MqttClientState.Disconnected;
                _stopping = null;
            }

            stopping.Dispose();
            RaiseStateChanged(MqttClientState.Disconnected, e);
            throw;
        }
    }

    /// <summary>Sends DISCONNECT (so the broker discards the will), closes the connection and stops
    /// reconnecting. Publishes still unacknowledged fail with <see cref="MqttPublishAbandonedException"/>.</summary>
    public async Task DisconnectAsync()
    {
        MqttClientConnection? connection;
        Task? supervisor;
        CancellationTokenSource? stopping;
        lock (_sessionLock)
        {
            if (_state == MqttClientState.Disconnected)
            {
                stopping = null;
            }
            else
            {
                // Cancelled under the lock: a reconnect that is just completing sees it and backs out.
                stopping = _stopping;
                stopping?.Cancel();
            }

            connection = _connection;
            supervisor = _supervisor;
        }

        if (stopping is null)
        {
            // Lost without reconnect, or never connected: only publishes still waiting are left to end.
            AbandonFlights();
            return;
        }

        if (connection is not null)
        {
            connection.TrySend(MqttDisconnectPacket.Instance);
            await connection.CloseGracefullyAsync(DisconnectFlushTimeout);
        }

        if (supervisor is not null)
        {
            await supervisor;
        }

        AbandonFlights();
        lock (_sessionLock)
        {
            _state = MqttClientState.Disconnected;
            _stopping = null;
            _supervisor = null;
        }

        stopping.Dispose();
        RaiseStateChanged(MqttClientState.Disconnected, null);
    }

    /// <summary>Disconnects, then lets the message handler finish what is already queued.</summary>
    public async ValueTask DisposeAsync()
    {
        lock (_sessionLock)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
        }

        await DisconnectAsync();
        await _dispatcher.CompleteAsync();
    }

    private void SetState(MqttClientState state, Exception? reason)
    {
        lock (_sessionLock)
        {
            if (_state == state)
            {
                return;
            }

            _state = state;
        }

        RaiseStateChanged(state, reason);
    }

    private void RaiseStateChanged(MqttClientState state, Exception? reason)
    {
        try
        {
            StateChanged?.Invoke(this, new MqttClientStateChangedEventArgs(state, reason));
        }
        catch (Exception e)
        {
            _logger.Log(MqttClientLogLevel.Error, $"A StateChanged handler threw for {state}.", e);
        }
    }
}
