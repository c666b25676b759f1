namespace ShareKey.Mqtt;

/// <summary>
/// The one error the codec and broker raise for bad MQTT input. The message starts with the spec rule it
/// enforces ("MQTT-2.2.3: …"). Whoever reads the offending bytes closes that connection; retrying on the same
/// connection can never succeed.
/// </summary>
public sealed class MqttProtocolException : Exception
{
    public MqttProtocolException(MqttProtocolError reason, string rule, string detail)
        : base($"{rule}: {detail}")
    {
        Reason = reason;
        Rule = rule;
    }

    public MqttProtocolError Reason { get; }

    /// <summary>The spec rule or section enforced, e.g. "MQTT-3.3.1-4" or "MQTT-2.2.3".</summary>
    public string Rule { get; }
}
