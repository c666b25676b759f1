namespace ShareKey.Mqtt.Client;

public enum MqttClientState
{
    Disconnected,
    Connecting,
    Connected,

    /// <summary>The connection was lost; the client is waiting out its backoff or retrying.</summary>
    Reconnecting,
}

/// <summary>Raised on every state change; <see cref="Reason"/> says why a connection ended, when it did.</summary>
public sealed class MqttClientStateChangedEventArgs(MqttClientState state, Exception? reason) : EventArgs
{
    public MqttClientState State { get; } = state;

    public Exception? Reason { get; } = reason;
}
