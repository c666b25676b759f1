using ShareKey.Mqtt.Packets;

namespace ShareKey.Mqtt.Broker;

/// <summary>Takes an accepted message to the retained store and to every matching session.</summary>
internal sealed class MqttRouter
{
    [ThreadStatic]
    private static List<MqttSubscriber>? s_matches;

    private readonly MqttSubscriptionTree _subscriptions;
    private readonly MqttRetainedMessages _retained;

    public MqttRouter(MqttSubscriptionTree subscriptions, MqttRetainedMessages retained)
    {
        _subscriptions = subscriptions;
        _retained = retained;
    }

    public void Route(MqttApplicationMessage message)
    {
        if (message.Retain)
        {
            _retained.Store(message);
        }
        var matches = s_matches ??= [];
        try
        {
            _subscriptions.Match(message.Topic, matches);
            foreach (var (session, granted) in matches)
            {
                                // Established subscriptions get RETAIN 0 whatever the publisher set [MQTT-3.3.1-9].
                session.Deliver(message, Lower(granted, message.QualityOfService), retainFlag: false);
            }
        }
        finally
        {
            matches.Clear();
        }
    }

    public static MqttQualityOfService Lower(MqttQualityOfService a, MqttQualityOfService b) => a < b ? a : b;
}
