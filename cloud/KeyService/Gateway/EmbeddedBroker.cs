using System.Net;
using ShareKey.Mqtt.Broker;

namespace ShareKey.KeyService.Gateway;

/// <summary>The in-process MQTT broker of a one-machine setup, started before the gateway connects to it and stopped after.</summary>
public sealed class EmbeddedBroker(MqttBroker broker, ILogger<EmbeddedBroker> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await broker.StartAsync();
        logger.LogInformation("In-process MQTT broker listening on {EndPoint}", broker.TcpEndPoint);
    }

    public Task StopAsync(CancellationToken cancellationToken) => broker.StopAsync();

    public static MqttBroker Create(IPEndPoint endPoint, int maxConnections, DeviceBrokerAccess access, MqttLogAdapter log) => new(new MqttBrokerOptions
    {
        TcpEndPoint = endPoint,
        MaxConnections = maxConnections,
        Authenticator = access,
        Authorizer = access,
        Logger = log,
    });
}
