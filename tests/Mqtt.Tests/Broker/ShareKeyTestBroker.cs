using System.Net;
using System.Security.Cryptography.X509Certificates;
using ShareKey.Mqtt.Broker;
using ShareKey.Mqtt.Packets;
using ShareKey.Mqtt.Tests.Fixtures;

namespace ShareKey.Mqtt.Tests.Broker;

/// <summary>
/// Our broker as an <see cref="ITestBroker"/>, so the client behaviour suite runs against it as well as against
/// Mosquitto: TCP and TLS on free loopback ports, the <see cref="TestUser"/> accounts and the device ACL.
/// Restarting keeps ports and persistent sessions (they live in the broker object).
/// </summary>
public sealed class ShareKeyTestBroker : ITestBroker
{
    private readonly MqttBroker _broker;
    private readonly BrokerLog _log;

    private ShareKeyTestBroker(MqttBroker broker, BrokerLog log, X509Certificate2 certificate)
    {
        _broker = broker;
        _log = log;
        ServerCertificate = certificate;
    }

    public string Host => "127.0.0.1";

    public int Port => _broker.TcpEndPoint!.Port;

    public int TlsPort => _broker.TlsEndPoint!.Port;

    public X509Certificate2? ServerCertificate { get; }

    public BrokerExpectations Expectations { get; } = new()
    {
        BadCredentialsReturnCode = MqttConnectReturnCode.BadUserNameOrPassword,
        ForbiddenSubscribeReturnCode = MqttSubscribeReturnCode.Failure,
    };

    /// <summary>Starts the broker; its errors fail the test through <paramref name="environment"/>.</summary>
    public static async Task<ITestBroker> StartAsync(TestEnvironment environment)
    {
        var certificate = SelfSignedCertificate.CreateForLoopback();
        var log = new BrokerLog(environment);
        var broker = new MqttBroker(new MqttBrokerOptions
        {
            TcpEndPoint = new IPEndPoint(IPAddress.Loopback, 0),
            TlsEndPoint = new IPEndPoint(IPAddress.Loopback, 0),
            TlsCertificate = certificate,
            Authenticator = TestUserAccess.Instance,
            Authorizer = TestUserAccess.Instance,
            Logger = log,
        });
        await broker.StartAsync();
        return new ShareKeyTestBroker(broker, log, certificate);
    }

    public async Task RestartAsync()
    {
        await _broker.StopAsync();
        await _broker.StartAsync();
    }

    // The last line a connection's close logs, after its will was published or dropped.
    public Task WaitUntilClosedAsync(string clientId) => _log.WaitForAsync($"client {clientId}: closed");

    public async ValueTask DisposeAsync()
    {
        await _broker.DisposeAsync();
        ServerCertificate?.Dispose();
    }
}
