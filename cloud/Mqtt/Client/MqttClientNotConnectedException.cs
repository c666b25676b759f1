namespace ShareKey.Mqtt.Client;

/// <summary>A request that needs a live connection (QoS 0 publish, subscribe, unsubscribe) was made while
/// there was none, or the connection ended before the broker answered. For subscribe and unsubscribe the
/// broker may or may not have applied the request; repeating it is safe.</summary>
public sealed class MqttClientNotConnectedException(string message, Exception? inner = null) : Exception(message, inner);
