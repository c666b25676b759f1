namespace ShareKey.Mqtt.Topics;

/// <summary>Rules for a topic name, the concrete topic a PUBLISH goes to (MQTT 3.1.1 §4.7).</summary>
public static class MqttTopicName
{
    public static bool IsValid(string topic) => Problem(topic) is null;

    /// <summary>Throws <see cref="MqttProtocolException"/> naming the broken rule.</summary>
    public static void Validate(string topic)
    {
        if (Problem(topic) is { } problem)
        {
            throw new MqttProtocolException(MqttProtocolError.InvalidTopicName, problem.Rule, problem.Detail);
        }
    }

    private static (string Rule, string Detail)? Problem(string topic)
    {
        if (topic.Length == 0)
        {
            return ("MQTT-4.7.3-1", "topic name is empty");
        }
        if (topic.AsSpan().IndexOfAny('+', '#') >= 0)
        {
            return ("MQTT-3.3.2-2", $"topic name '{topic}' contains a wildcard");
        }
        if (topic.Contains('\0'))
        {
            return ("MQTT-4.7.3-2", "topic name contains U+0000");
        }
        return null;
    }
}
