namespace ShareKey.Mqtt.Packets;

/// <summary>One SUBSCRIBE entry: a topic filter and the maximum QoS the client asks for (§3.8.3).</summary>
public sealed class MqttTopicSubscription
{
    public MqttTopicSubscription(string topicFilter, MqttQualityOfService qualityOfService)
    {
        TopicFilter = topicFilter;
        QualityOfService = qualityOfService;
    }

    public string TopicFilter { get; }
    public MqttQualityOfService QualityOfService { get; }

    public override string ToString() => $"{TopicFilter}@{(int)QualityOfService}";
}
