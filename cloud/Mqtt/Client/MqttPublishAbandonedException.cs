namespace ShareKey.Mqtt.Client;

/// <summary>A QoS 1/2 publish was still unacknowledged when the application disconnected or disposed the
/// client. The broker may already have delivered it; publishing again may deliver it twice.</summary>
public sealed class MqttPublishAbandonedException(string topic)
    : Exception($"The publish to '{topic}' was abandoned before the broker acknowledged it; it may or may not have been delivered.")
{
    public string Topic { get; } = topic;
}
