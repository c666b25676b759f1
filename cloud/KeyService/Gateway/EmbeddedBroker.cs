using System.Net;
using ShareKey.Mqtt.Broker;

namespace ShareKey.KeyService.Gateway;

/// <summary>The in-process MQTT broker of a one-machine setup, started before the gateway connects to it and stopped after.</summary>
public sealed class EmbeddedBroker(MqttBroker broker, ILogger<EmbeddedBroker> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await broker.StartAsync();
        logger.LogInformation(
            "In-process MQTT broker listening on {EndPoint} ({Transport}): at most {MaxConnections} connections, {PerAddress} per address before CONNECT, CONNECT within {ConnectTimeout}",
            broker.TlsEndPoint ?? broker.TcpEndPoint, broker.TlsEndPoint is null ? "plain MQTT" : "MQTT over TLS", broker.Options.MaxConnections, broker.Options.MaxUnauthenticatedConnectionsPerAddress, broker.Options.ConnectTimeout);
    }

    public Task StopAsync(CancellationToken cancellationToken) => broker.StopAsync();

    /// <summary>Messages the broker holds for the service's link: four frames each for a fleet of 50,000 rotated at once (small frames, some tens of MB at most).</summary>
    public const int ServiceLinkQueue = 200_000;

    /// <summary>With <paramref name="certificate"/> the broker listens on <paramref name="endPoint"/> for TLS only.</summary>
    public static MqttBroker Create(IPEndPoint endPoint, System.Security.Cryptography.X509Certificates.X509Certificate2? certificate, BrokerOptions settings, DeviceBrokerAccess access, MqttLogAdapter log) => new(new MqttBrokerOptions
    {
        TcpEndPoint = certificate is null ? endPoint : null,
        TlsEndPoint = certificate is null ? null : endPoint,
        TlsCertificate = certificate,
        MaxConnections = settings.MaxConnections,
        MaxUnauthenticatedConnectionsPerAddress = settings.MaxUnauthenticatedConnectionsPerAddress,
        // The service's own link receives every device's frames through one session; with a device's
        // bound of 1,000 the broker dropped acks whenever the service fell a moment behind (thousands
        // per phase in the 10,000-device benchmark), each costing its rotation one ack timeout. Only
        // the service user may connect with this prefix (DeviceBrokerAccess).
        MaxQueuedMessagesFor = clientId => clientId.StartsWith(DeviceBrokerAccess.ServiceUser, StringComparison.Ordinal) ? ServiceLinkQueue : null,
        ConnectTimeout = settings.ConnectTimeout,
        Authenticator = access,
        Authorizer = access,
        Logger = log,
    });
}
