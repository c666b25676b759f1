using System.Collections.Concurrent;
using ShareKey.Mqtt.Formatter;

namespace ShareKey.Mqtt.Broker;

/// <summary>The broker's shared state, handed to every connection: options, sessions, subscriptions, counters.</summary>
internal sealed class MqttBrokerCore
{
    public MqttBrokerCore(MqttBrokerOptions options)
    {
        Options = options;
        Logger = options.Logger;
        Decoder = new MqttPacketDecoder(options.MaxPacketSize);
        Sessions = new MqttSessionStore(this);
        Router = new MqttRouter(Subscriptions, Retained);
        Unauthenticated = new MqttAddressLimiter(options.MaxUnauthenticatedConnectionsPerAddress);
    }

    public MqttBrokerOptions Options { get; }
    public IMqttBrokerLogger Logger { get; }
    public MqttBrokerMetrics Metrics { get; } = new();
    public MqttPacketDecoder Decoder { get; }
    public MqttPacketEncoder Encoder { get; } = new();
    public MqttSubscriptionTree Subscriptions { get; } = new();
    public MqttRetainedMessages Retained { get; } = new();
    public MqttRouter Router { get; }
    public MqttSessionStore Sessions { get; }
    public ConcurrentDictionary<long, MqttConnection> Connections { get; } = new();
    public MqttAddressLimiter Unauthenticated { get; }

    public MqttBrokerCounters Snapshot() => Metrics.Snapshot(Sessions.Count, Retained.Count);
}
