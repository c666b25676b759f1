namespace ShareKey.Mqtt.Tests.Fixtures;

/// <summary>The brokers every client behaviour is proven against.</summary>
public enum BrokerKind
{
    /// <summary>Debian's mosquitto: the broker we did not write.</summary>
    Mosquitto,

    /// <summary>MQTTnet's server (<c>MQTTnet.Server</c>): a second broker we did not write.</summary>
    MqttNet,

    /// <summary>Our in-process broker, <c>ShareKey.Mqtt.Broker.MqttBroker</c>.</summary>
    ShareKey,
}
