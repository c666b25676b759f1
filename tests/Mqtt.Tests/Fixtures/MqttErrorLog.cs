using ShareKey.Mqtt.Broker;
using ShareKey.Mqtt.Client;
using ShareKey.TestKit;

namespace ShareKey.Mqtt.Tests.Fixtures;

/// <summary>Reports the error lines of our MQTT client and broker to the test's environment, under the category of the side that logged them.</summary>
public sealed class MqttErrorLog(TestEnvironment environment) : IMqttClientLogger, IMqttBrokerLogger
{
    /// <summary>The category of our client's errors, for <see cref="TestEnvironment.ExpectError(string, string)"/>.</summary>
    public const string Client = "ShareKey.Mqtt.Client";

    /// <summary>The category of our broker's errors.</summary>
    public const string Broker = "ShareKey.Mqtt.Broker";

    public void Log(MqttClientLogLevel level, string message, Exception? exception = null)
    {
        if (level == MqttClientLogLevel.Error)
        {
            environment.ReportError(Client, message, exception);
        }
    }

    public void Log(MqttBrokerLogLevel level, string message, Exception? exception = null)
    {
        if (level == MqttBrokerLogLevel.Error)
        {
            environment.ReportError(Broker, message, exception);
        }
    }
}
