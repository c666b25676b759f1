using System.Net;
using System.Security.Cryptography.X509Certificates;
using MQTTnet.Server;
using Packets = ShareKey.Mqtt.Packets;

namespace ShareKey.Mqtt.Tests.Fixtures;

/// <summary>
/// MQTTnet's server (<c>MQTTnet.Server</c>) as an <see cref="ITestBroker"/>: TCP and TLS on free loopback ports, the
/// <see cref="TestUser"/> accounts and the device ACL (a device only under <c>sk/{its name}/</c>), persistent
/// sessions in memory — a second broker we did not write, next to mosquitto.
/// </summary>
public sealed class MqttNetTestBroker : ITestBroker
{
    private readonly MqttServer _server;

    private MqttNetTestBroker(MqttServer server, int port, int tlsPort, X509Certificate2 certificate)
    {
        _server = server;
        Port = port;
        TlsPort = tlsPort;
        ServerCertificate = certificate;
    }

    public string Host => "127.0.0.1";

    public int Port { get; }

    public int TlsPort { get; }

    public X509Certificate2? ServerCertificate { get; }

    public BrokerExpectations Expectations { get; } = new()
    {
        BadCredentialsReturnCode = Packets.MqttConnectReturnCode.BadUserNameOrPassword,
        ForbiddenSubscribeReturnCode = Packets.MqttSubscribeReturnCode.Failure,
        PlusMatchesEmptyLevel = false,
        Qos2ResendKeepsPacketIdentifier = false,
        SupportsSharedSubscriptions = false,
    };

    public static async Task<ITestBroker> StartAsync()
    {
        var certificate = SelfSignedCertificate.CreateForLoopback();
        var port = FreeTcpPort.Next();
        var tlsPort = FreeTcpPort.Next();
        var options = new MqttServerFactory().CreateServerOptionsBuilder()
            .WithDefaultEndpoint()
            .WithDefaultEndpointBoundIPAddress(IPAddress.Loopback)
            .WithDefaultEndpointBoundIPV6Address(IPAddress.IPv6Loopback)
            .WithDefaultEndpointPort(port)
            .WithEncryptedEndpoint()
            .WithEncryptedEndpointBoundIPAddress(IPAddress.Loopback)
            .WithEncryptedEndpointBoundIPV6Address(IPAddress.IPv6Loopback)
            .WithEncryptedEndpointPort(tlsPort)
            .WithEncryptionCertificate(certificate)
            .WithPersistentSessions(true)
            .Build();
        var server = new MqttServerFactory().CreateMqttServer(options);
        MqttNetTestUserAccess.ApplyTo(server);
        await server.StartAsync();
        return new MqttNetTestBroker(server, port, tlsPort, certificate);
    }

    public async Task RestartAsync()
    {
        await _server.StopAsync();
        await _server.StartAsync();
    }

    public Task WaitUntilClosedAsync(string clientId) =>
        Eventually.TrueAsync(async () => (await _server.GetClientsAsync()).All(client => client.Id != clientId), $"MQTTnet to close {clientId}");

    public async ValueTask DisposeAsync()
    {
        await _server.StopAsync();
        _server.Dispose();
        ServerCertificate?.Dispose();
    }
}
