using System.Security.Cryptography.X509Certificates;

namespace ShareKey.Mqtt.Tests.Fixtures;

/// <summary>A running broker the client behaviour suite talks to, whoever wrote it.</summary>
public interface ITestBroker : IAsyncDisposable
{
    string Host { get; }

    int Port { get; }

    /// <summary>The TLS listener's port, or 0 when this broker has none.</summary>
    int TlsPort { get; }

    /// <summary>The certificate its TLS listener presents, or null.</summary>
    X509Certificate2? ServerCertificate { get; }

    BrokerExpectations Expectations { get; }

    /// <summary>Stops the broker and starts it again on the same port, keeping persistent sessions.</summary>
    Task RestartAsync();

    /// <summary>
    /// Returns once the broker has finished with <paramref name="clientId"/>'s connection. A client closes its
    /// socket right after its DISCONNECT; a new connection under the same id can otherwise reach the broker first
    /// and take the session over while the DISCONNECT is still unread (MQTTnet then publishes the will).
    /// </summary>
    Task WaitUntilClosedAsync(string clientId);
}
