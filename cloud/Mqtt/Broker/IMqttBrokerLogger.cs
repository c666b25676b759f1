namespace ShareKey.Mqtt.Broker;

/// <summary>
/// Where the broker reports what happens. Warnings are client faults it handled (malformed packets, refused
/// logins, full queues); errors are faults in the broker or its plug-ins (an authenticator that threw).
/// A host adapts this to its own logging in one line.
/// </summary>
public interface IMqttBrokerLogger
{
    void Log(MqttBrokerLogLevel level, string message, Exception? exception = null);
}

public enum MqttBrokerLogLevel
{
    Debug,
    Information,
    Warning,
    Error,
}

/// <summary>Discards everything; the default.</summary>
public sealed class NullMqttBrokerLogger : IMqttBrokerLogger
{
    public static readonly NullMqttBrokerLogger Instance = new();

    public void Log(MqttBrokerLogLevel level, string message, Exception? exception = null)
    {
    }
}
