using ShareKey.Mqtt.Broker;
using ShareKey.Mqtt.Client;

namespace ShareKey.KeyService.Gateway;

/// <summary>Routes the MQTT broker's and client's log lines into the host's logging.</summary>
public sealed class MqttLogAdapter(ILogger logger) : IMqttBrokerLogger, IMqttClientLogger
{
    public void Log(MqttBrokerLogLevel level, string message, Exception? exception = null) =>
        logger.Log(level switch
        {
            MqttBrokerLogLevel.Error => LogLevel.Error,
            MqttBrokerLogLevel.Warning => LogLevel.Warning,
            MqttBrokerLogLevel.Information => LogLevel.Information,
            _ => LogLevel.Debug,
        }, exception, "{Message}", message);

    public void Log(MqttClientLogLevel level, string message, Exception? exception = null) =>
        logger.Log(level switch
        {
            MqttClientLogLevel.Error => LogLevel.Error,
            MqttClientLogLevel.Warning => LogLevel.Warning,
            MqttClientLogLevel.Information => LogLevel.Information,
            _ => LogLevel.Debug,
        }, exception, "{Message}", message);
}
