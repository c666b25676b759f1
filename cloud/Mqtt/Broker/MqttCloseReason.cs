namespace ShareKey.Mqtt.Broker;

/// <summary>Why a connection ended; decides whether the will is published and how the end is logged.</summary>
internal enum MqttCloseReason
{
    None,
    /// <summary>The client sent DISCONNECT: the will is discarded [MQTT-3.14.4-3].</summary>
    ClientDisconnected,
    /// <summary>The socket closed or failed without DISCONNECT.</summary>
    ConnectionLost,
    ProtocolError,
    KeepAliveTimeout,
    ConnectTimeout,
    /// <summary>Another connection with the same client id took the session [MQTT-3.1.4-2].</summary>
    TakenOver,
    /// <summary>CONNACK with a non-zero return code was sent.</summary>
    Refused,
    ResourceLimit,
    BrokerShutdown,
    InternalError,
}
