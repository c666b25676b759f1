using ShareKey.Mqtt.Packets;

namespace ShareKey.Mqtt.Client;

/// <summary>The topic filters the application asked for, so they can be subscribed again on a connection
/// whose CONNACK says the broker kept no session. Thread-safe.</summary>
internal sealed class SubscriptionRegistry
{
    private readonly Dictionary<string, MqttQualityOfService> _filters = new(StringComparer.Ordinal);

    public void Add(IEnumerable<MqttTopicSubscription> subscriptions)
    {
        lock (_filters)
        {
            foreach (var subscription in subscriptions)
            {
                _filters[subscription.TopicFilter] = subscription.QualityOfService;
            }
        }
    }

    public void Remove(IEnumerable<string> filters)
    {
        lock (_filters)
        {
            foreach (var filter in filters)
            {
                _filters.Remove(filter);
            }
        }
    }

    public MqttTopicSubscription[] Snapshot()
    {
        lock (_filters)
        {
            return [.. _filters.Select(pair => new MqttTopicSubscription(pair.Key, pair.Value))];
        }
    }
}
