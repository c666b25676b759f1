using System.Net;
using ShareKey.KeyService.Devices;
using ShareKey.KeyService.Metrics;
using ShareKey.KeyService.Storage;
using ShareKey.Mqtt.Client;

namespace ShareKey.KeyService.Gateway;

/// <summary>
/// The device gateway: the in-process broker (unless <see cref="BrokerOptions.Url"/> names another)
/// and the service's own MQTT link to it.
/// </summary>
public static class GatewayRegistration
{
    public static IServiceCollection AddDeviceGateway(this IServiceCollection services, BrokerOptions broker, string dataDirectory, string instanceName, byte[] brokerServiceKey, int brokerPort)
    {
        services.AddScrapedMetrics<BrokerMetrics>();
        var servicePassword = DeviceBrokerAccess.ServicePasswordFrom(brokerServiceKey);
        MqttClientOptions link;
        BrokerCertificateAuthority? authority = null;
        if (broker.Url is null)
        {
            services.AddSingleton(provider => new DeviceBrokerAccess(provider.GetRequiredService<IKeyStore>(), provider.GetRequiredService<DeviceCrypto>(), servicePassword));
            authority = broker.PlainMqtt ? null : BrokerCertificateAuthority.LoadOrCreate(dataDirectory);
            var certificate = authority?.IssueServerCertificate(new[] { broker.PublicHost ?? Dns.GetHostName(), Dns.GetHostName() });
            services.AddSingleton(provider => EmbeddedBroker.Create(
                new IPEndPoint(IPAddress.Parse(broker.ListenAddress), brokerPort),
                certificate,
                broker,
                provider.GetRequiredService<DeviceBrokerAccess>(),
                new MqttLogAdapter(provider.GetRequiredService<ILoggerFactory>().CreateLogger("ShareKey.Broker"))));
            services.AddHostedService<EmbeddedBroker>();
            link = new MqttClientOptions
            {
                Host = "127.0.0.1",
                Port = brokerPort,
                ClientId = Placeholder,
                Username = DeviceBrokerAccess.ServiceUser,
                Password = servicePassword,
                Tls = authority is null ? null : MqttClientTlsOptions.TrustingOnly(authority.Certificate, "localhost"),
            };
        }
        else
        {
            var url = new Uri(broker.Url);
            var tls = url.Scheme == "mqtts";
            if (!tls && url.Scheme != "mqtt")
            {
                throw new InvalidOperationException($"Broker URL {broker.Url}: use mqtt://host:port or mqtts://host:port.");
            }

            link = new MqttClientOptions
            {
                Host = url.Host,
                Port = url.IsDefaultPort || url.Port < 0 ? (tls ? 8883 : 1883) : url.Port,
                ClientId = Placeholder,
                Username = broker.Username,
                Password = broker.Password,
                Tls = tls ? new MqttClientTlsOptions { TargetHost = url.Host } : null,
            };
        }

        var publicEndpoint = new BrokerEndpoint(
            broker.PublicHost ?? (broker.Url is null ? Dns.GetHostName() : link.Host),
            broker.PublicPort ?? link.Port,
            broker.Url is null ? broker.PublicTls || authority is not null : link.Tls is not null,
            authority?.BoardText);
        services.AddSingleton(publicEndpoint);
        services.AddSingleton<IDeviceLink>(provider => new MqttDeviceLink(
            link with
            {
                ClientId = $"{DeviceBrokerAccess.ServiceUser}-{instanceName}",
                CleanSession = false,
                MaxInFlight = 256,
                ReceiveQueueCapacity = 16_384,
                Logger = new MqttLogAdapter(provider.GetRequiredService<ILoggerFactory>().CreateLogger("ShareKey.DeviceLink")),
            },
            broker.ShareGroup,
            provider.GetRequiredService<ILogger<MqttDeviceLink>>()));
        return services;
    }

    private const string Placeholder = "keyservice";

}
