namespace ShareKey.Mqtt.Broker;

/// <summary>A consistent-enough snapshot of the broker's counters (each value read atomically, not all at once).</summary>
public sealed record MqttBrokerCounters
{
    public long ConnectionsCurrent { get; init; }
    public long ConnectionsTotal { get; init; }
    /// <summary>Sockets closed at once because <see cref="MqttBrokerOptions.MaxConnections"/> or
    /// <see cref="MqttBrokerOptions.MaxUnauthenticatedConnectionsPerAddress"/> was reached.</summary>
    public long ConnectionsRejected { get; init; }
    /// <summary>CONNECTs answered with a non-zero return code.</summary>
    public long ConnectsRefused { get; init; }
    public long ProtocolErrors { get; init; }
    public long Sessions { get; init; }
    public long RetainedMessages { get; init; }
    /// <summary>PUBLISH packets received from clients.</summary>
    public long MessagesIn { get; init; }
    /// <summary>PUBLISH packets written to clients (resends included).</summary>
    public long MessagesOut { get; init; }
    /// <summary>Messages dropped: oldest of a full per-client queue, or QoS 0 to a client whose socket is backed up.</summary>
    public long MessagesDropped { get; init; }
    public long PublishesDenied { get; init; }
    public long SubscriptionsDenied { get; init; }
}
