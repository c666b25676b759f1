using ShareKey.Mqtt.Packets;

namespace ShareKey.Mqtt.Broker;

/// <summary>
/// What the broker keeps per client id (MQTT 3.1.1 §4.1): subscriptions, QoS 1/2 messages in flight to the
/// client, messages queued behind them, and QoS 2 packet ids received but not yet released. Outlives connections
/// when clean session is 0. Any connection's reader may deliver into it, so its state sits behind one lock; nothing
/// inside the lock waits on I/O — sending only enqueues onto the owning connection's writer.
/// </summary>
internal sealed class MqttSession
{
    private readonly MqttBrokerCore _core;
    private readonly object _gate = new();
    private readonly Dictionary<ushort, MqttOutboundFlight> _inflight = [];
    private readonly Queue<MqttQueuedDelivery> _queue = new();
    private readonly HashSet<ushort> _unreleasedIncoming = [];
    private readonly Dictionary<string, MqttQualityOfService> _subscriptions = new(StringComparer.Ordinal);
    private MqttConnectionWriter? _writer;
    private ushort _lastPacketIdentifier;
    private long _sequence;
    private long _droppedSinceFull;
    private readonly int _maxQueued;

    public MqttSession(string clientId, bool clean, MqttBrokerCore core)
    {
        ClientId = clientId;
        Clean = clean;
        _core = core;
        _maxQueued = core.Options.MaxQueuedMessagesFor?.Invoke(clientId) is { } own && own >= 1 ? own : core.Options.MaxQueuedMessagesPerClient;
    }

    public string ClientId { get; }

    /// <summary>Clean session 1: discarded when its connection ends [MQTT-3.1.2-6].</summary>
    public bool Clean { get; }

    /// <summary>The connection using this session; read and written under the session store's lock.</summary>
    public MqttConnection? Owner { get; set; }

    public bool IsConnected => Volatile.Read(ref _writer) is not null;

    /// <summary>Starts sending through <paramref name="writer"/>: first the unfinished flights of an earlier
    /// connection, with DUP set, or their PUBREL [MQTT-4.4.0-1], then whatever queued while offline.</summary>
    public void Resume(MqttConnectionWriter writer)
    {
        lock (_gate)
        {
            _writer = writer;
            foreach (var (id, flight) in _inflight.OrderBy(f => f.Value.Sequence))
            {
                writer.Send(flight.Released ? new MqttPubRelPacket { PacketIdentifier = id } : flight.ToPublish(id, dup: true));
            }
            SendQueued();
        }
    }

    public void Suspend(MqttConnectionWriter? writer = null)
    {
        lock (_gate)
        {
            if (writer is null || _writer == writer)
            {
                _writer = null;
            }
        }
    }

    public void Deliver(MqttApplicationMessage message, MqttQualityOfService qos, bool retainFlag)
    {
        lock (_gate)
        {
            if (qos == MqttQualityOfService.AtMostOnce)
            {
                // QoS 0 is not queued for an offline client (the spec allows either; Mosquitto's default is the same),
                // and is dropped rather than queued when the client's socket is backed up.
                if (_writer is not null && !_writer.TrySend(new MqttPublishPacket
                    {
                        Topic = message.Topic, Payload = message.Payload, Retain = retainFlag,
                    }))
                {
                    Interlocked.Increment(ref _core.Metrics.MessagesDropped);
                }
                return;
            }
            if (_writer is not null && _queue.Count == 0 && _inflight.Count < _core.Options.MaxInflightMessagesPerClient)
            {
                SendNew(_writer, new MqttQueuedDelivery(message, qos, retainFlag));
                return;
            }
            _queue.Enqueue(new MqttQueuedDelivery(message, qos, retainFlag));
            if (_queue.Count > _maxQueued)
            {
                _queue.Dequeue();
                Interlocked.Increment(ref _core.Metrics.MessagesDropped);
                if (_droppedSinceFull++ == 0)
                {
                    _core.Logger.Log(MqttBrokerLogLevel.Warning,
                        $"client {ClientId}: queue full ({_maxQueued} messages), dropping the oldest");
                }
            }
        }
    }

    /// <summary>PUBACK: a QoS 1 flight is done.</summary>
    public void Acknowledge(ushort packetIdentifier)
    {
        lock (_gate)
        {
            if (_inflight.TryGetValue(packetIdentifier, out var flight) && flight.QualityOfService == MqttQualityOfService.AtLeastOnce)
            {
                _inflight.Remove(packetIdentifier);
                SendQueued();
            }
        }
    }

    /// <summary>PUBREC: the client has the QoS 2 message; answer PUBREL (also for an id we no longer know, so the
    /// client can finish its side).</summary>
    public void Received(ushort packetIdentifier)
    {
        lock (_gate)
        {
            if (_inflight.TryGetValue(packetIdentifier, out var flight) && flight.QualityOfService == MqttQualityOfService.ExactlyOnce)
            {
                flight.Released = true;
            }
            _writer?.Send(new MqttPubRelPacket { PacketIdentifier = packetIdentifier });
        }
    }

    /// <summary>PUBCOMP: a QoS 2 flight is done.</summary>
    public void Complete(ushort packetIdentifier)
    {
        lock (_gate)
        {
            if (_inflight.TryGetValue(packetIdentifier, out var flight) && flight.Released)
            {
                _inflight.Remove(packetIdentifier);
                SendQueued();
            }
        }
    }

    /// <summary>A QoS 2 PUBLISH arrived: true if it is new and must be routed, false if it is a resend of one
    /// not yet released, which must not be delivered twice (§4.3.3). Null if the client left too many unreleased.</summary>
    public bool? RegisterIncoming(ushort packetIdentifier)
    {
        lock (_gate)
        {
            if (!_unreleasedIncoming.Add(packetIdentifier))
            {
                return false;
            }
            return _unreleasedIncoming.Count <= _core.Options.MaxUnreleasedIncomingQos2PerClient ? true : null;
        }
    }

    /// <summary>PUBREL: the client will not resend that QoS 2 message any more.</summary>
    public void ReleaseIncoming(ushort packetIdentifier)
    {
        lock (_gate)
        {
            _unreleasedIncoming.Remove(packetIdentifier);
        }
    }

    public void AddSubscription(string filter, MqttQualityOfService qos)
    {
        lock (_gate)
        {
            _subscriptions[filter] = qos;
        }
        _core.Subscriptions.Subscribe(this, filter, qos);
    }

    public void RemoveSubscription(string filter)
    {
        lock (_gate)
        {
            _subscriptions.Remove(filter);
        }
        _core.Subscriptions.Unsubscribe(this, filter);
    }

    public void RemoveAllSubscriptions()
    {
        string[] filters;
        lock (_gate)
        {
            filters = [.. _subscriptions.Keys];
            _subscriptions.Clear();
        }
        foreach (var filter in filters)
        {
            _core.Subscriptions.Unsubscribe(this, filter);
        }
    }

    private void SendQueued()
    {
        while (_writer is { } writer && _inflight.Count < _core.Options.MaxInflightMessagesPerClient && _queue.TryDequeue(out var next))
        {
            SendNew(writer, next);
        }
        if (_droppedSinceFull > 0 && _queue.Count < _maxQueued)
        {
            _core.Logger.Log(MqttBrokerLogLevel.Warning,
                $"client {ClientId}: queue has room again; {_droppedSinceFull} messages were dropped while it was full");
            _droppedSinceFull = 0;
        }
    }

    private void SendNew(MqttConnectionWriter writer, MqttQueuedDelivery delivery)
    {
        var id = NextPacketIdentifier();
        var flight = new MqttOutboundFlight(delivery.Message, delivery.QualityOfService, delivery.Retain, _sequence++);
        _inflight.Add(id, flight);
        writer.Send(flight.ToPublish(id, dup: false));
    }

    private ushort NextPacketIdentifier()
    {
        // The window is at most 65,535, so a free identifier always exists.
        do
        {
            _lastPacketIdentifier = _lastPacketIdentifier == ushort.MaxValue ? (ushort)1 : (ushort)(_lastPacketIdentifier + 1);
        }
        while (_inflight.ContainsKey(_lastPacketIdentifier));
        return _lastPacketIdentifier;
    }
}
