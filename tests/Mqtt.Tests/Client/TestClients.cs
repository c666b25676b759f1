using System.Text;
using ShareKey.Mqtt.Client;
using ShareKey.Mqtt.Packets;
using ShareKey.Mqtt.Tests.Fixtures;

namespace ShareKey.Mqtt.Tests.Client;

/// <summary>Client options and connected clients for the behaviour tests.</summary>
internal static class TestClients
{
    public static MqttClientOptions Options(TestEnvironment environment, string host, int port, TestUser user,
        string? clientId = null) => new()
    {
        Host = host,
        Port = port,
        ClientId = clientId ?? $"{user.Name}-{Guid.NewGuid():N}",
        Username = user.Name,
        Password = user.Password,
        Logger = new MqttErrorLog(environment),
        ConnectTimeout = Signals.Timeout,
        Reconnect = new MqttReconnectPolicy { InitialDelay = TimeSpan.FromMilliseconds(50), MaxDelay = TimeSpan.FromSeconds(1) },
    };

    public static MqttClientOptions Options(TestEnvironment environment, ITestBroker broker, TestUser user, string? clientId = null) =>
        Options(environment, broker.Host, broker.Port, user, clientId);

    public static async Task<MqttClient> ConnectAsync(TestEnvironment environment, MqttClientOptions options)
    {
        var client = environment.Own(new MqttClient(options));
        await client.ConnectAsync();
        return client;
    }

    public static Task<MqttClient> ConnectAsync(TestEnvironment environment, ITestBroker broker, TestUser user) =>
        ConnectAsync(environment, Options(environment, broker, user));

    public static Task PublishTextAsync(this MqttClient client, string topic, string text,
        MqttQualityOfService qualityOfService = MqttQualityOfService.AtLeastOnce, bool retain = false) =>
        client.PublishAsync(topic, Encoding.UTF8.GetBytes(text), qualityOfService, retain);
}
