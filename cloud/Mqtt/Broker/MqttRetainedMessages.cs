using System.Collections.Concurrent;
using ShareKey.Mqtt.Topics;

namespace ShareKey.Mqtt.Broker;

/// <summary>The last retained message per topic (MQTT 3.1.1 §3.3.1.3). An empty retained payload clears the topic.</summary>
internal sealed class MqttRetainedMessages
{
    private readonly ConcurrentDictionary<string, MqttApplicationMessage> _byTopic = new(StringComparer.Ordinal);

    public int Count => _byTopic.Count;

    public void Store(MqttApplicationMessage message)
    {
        if (message.Payload.IsEmpty)
        {
            _byTopic.TryRemove(message.Topic, out _);
        }
        else
        {
            _byTopic[message.Topic] = message;
        }
    }

    /// <summary>Retained messages a new subscription to <paramref name="filter"/> should receive. Linear in the
    /// number of retained topics, which happens once per SUBSCRIBE, not per message.</summary>
    public IEnumerable<MqttApplicationMessage> Matching(string filter)
    {
        foreach (var (topic, message) in _byTopic)
        {
            if (MqttTopicFilter.Matches(filter, topic))
            {
                yield return message;
            }
        }
    }
}
