namespace ShareKey.Mqtt.Client;

/// <summary>Where the client reports what it does. Warnings are expected faults it recovers from
/// (a lost connection); errors are faults it cannot explain, such as an application handler that threw.</summary>
public interface IMqttClientLogger
{
    void Log(MqttClientLogLevel level, string message, Exception? exception = null);
}

public enum MqttClientLogLevel
{
    Debug,
    Information,
    Warning,
    Error,
}

/// <summary>Discards everything; the default.</summary>
public sealed class NullMqttClientLogger : IMqttClientLogger
{
    public static readonly NullMqttClientLogger Instance = new();

    public void Log(MqttClientLogLevel level, string message, Exception? exception = null)
    {
    }
}
