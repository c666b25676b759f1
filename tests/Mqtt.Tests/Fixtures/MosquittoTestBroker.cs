using System.Security.Cryptography.X509Certificates;
using ShareKey.Mqtt.Packets;

namespace ShareKey.Mqtt.Tests.Fixtures;

/// <summary><see cref="MosquittoBroker"/> with persistence and TLS on, as the behaviour suite needs.</summary>
public sealed class MosquittoTestBroker : ITestBroker
{
    private readonly MosquittoBroker _mosquitto;

    private MosquittoTestBroker(MosquittoBroker mosquitto) => _mosquitto = mosquitto;

    public string Host => _mosquitto.Host;

    public int Port => _mosquitto.Port;

    public int TlsPort => _mosquitto.TlsPort;

    public X509Certificate2? ServerCertificate => _mosquitto.ServerCertificate;

    public BrokerExpectations Expectations { get; } = new()
    {
        BadCredentialsReturnCode = MqttConnectReturnCode.NotAuthorized,
        ForbiddenSubscribeReturnCode = MqttSubscribeReturnCode.GrantedQoS1,
    };

    public static async Task<ITestBroker> StartAsync() =>
        new MosquittoTestBroker(await MosquittoBroker.StartAsync(new MosquittoOptions { Persistence = true, Tls = true }));

    public Task RestartAsync() => _mosquitto.RestartAsync();

    // mosquitto logs this line (log_type notice) once it has handled the client's DISCONNECT.
    public Task WaitUntilClosedAsync(string clientId) =>
        Eventually.TrueAsync(() => _mosquitto.Log.Contains($"Client {clientId} disconnected.", StringComparison.Ordinal), $"mosquitto to close {clientId}");

    public ValueTask DisposeAsync() => _mosquitto.DisposeAsync();
}
