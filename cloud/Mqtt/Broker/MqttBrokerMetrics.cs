namespace ShareKey.Mqtt.Broker;

/// <summary>The broker's live counters; lock-free increments from any connection.</summary>
internal sealed class MqttBrokerMetrics
{
    public long ConnectionsCurrent;
    public long ConnectionsTotal;
    public long ConnectionsRejected;
    public long ConnectsRefused;
    public long ProtocolErrors;
    public long MessagesIn;
    public long MessagesOut;
    public long MessagesDropped;
    public long PublishesDenied;
    public long SubscriptionsDenied;

    public MqttBrokerCounters Snapshot(long sessions, long retained) => new()
    {
        ConnectionsCurrent = Interlocked.Read(ref ConnectionsCurrent),
        ConnectionsTotal = Interlocked.Read(ref ConnectionsTotal),
        ConnectionsRejected = Interlocked.Read(ref ConnectionsRejected),
        ConnectsRefused = Interlocked.Read(ref ConnectsRefused),
        ProtocolErrors = Interlocked.Read(ref ProtocolErrors),
        Sessions = sessions,
        RetainedMessages = retained,
        MessagesIn = Interlocked.Read(ref MessagesIn),
        MessagesOut = Interlocked.Read(ref MessagesOut),
        MessagesDropped = Interlocked.Read(ref MessagesDropped),
        PublishesDenied = Interlocked.Read(ref PublishesDenied),
        SubscriptionsDenied = Interlocked.Read(ref SubscriptionsDenied),
    };
}
