using System.Net;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;

namespace ShareKey.Mqtt.Broker;

/// <summary>Broker settings (a record, so variants are made with <c>with</c>). The defaults suit one machine:
/// loopback only, anyone may connect.</summary>
public sealed record MqttBrokerOptions
{
    /// <summary>Plain TCP listener; null for none. Port 0 picks a free port (see <see cref="MqttBroker.TcpEndPoint"/>).</summary>
    public IPEndPoint? TcpEndPoint { get; init; } = new(IPAddress.Loopback, 1883);

    /// <summary>TLS listener; needs <see cref="TlsCertificate"/>. Null for none.</summary>
    public IPEndPoint? TlsEndPoint { get; init; }

    /// <summary>Server certificate with private key for the TLS listener.</summary>
    public X509Certificate2? TlsCertificate { get; init; }

    /// <summary>None lets the operating system choose (TLS 1.2/1.3 on current systems).</summary>
    public SslProtocols TlsProtocols { get; init; } = SslProtocols.None;

    /// <summary>Open sockets at most; further ones are closed at once and logged.</summary>
    public int MaxConnections { get; init; } = 10_000;

    /// <summary>
    /// Sockets one client address (an IPv6 /64) may hold before its CONNECT is accepted; further ones are closed at
    /// accept, counted as rejected and logged once per burst. Accepted connections do not count: devices behind one
    /// carrier NAT share an address, and each needs a password to get that far.
    /// </summary>
    public int MaxUnauthenticatedConnectionsPerAddress { get; init; } = 64;

    /// <summary>Largest packet accepted, fixed header included; a client sending more is disconnected.</summary>
    public int MaxPacketSize { get; init; } = 256 * 1024;

    /// <summary>
    /// QoS 1/2 messages held per client beyond its in-flight window, online or offline. When full the oldest is
    /// dropped, counted and logged.
    /// </summary>
    public int MaxQueuedMessagesPerClient { get; init; } = 1_000;

    /// <summary>
    /// A client's own queue bound instead of <see cref="MaxQueuedMessagesPerClient"/>, by client id; null keeps the
    /// default (so does a value below 1). For a backend that subscribes to every device's messages: it receives a fleet's traffic through one
    /// session, where a device-sized bound drops messages whenever it falls a moment behind.
    /// </summary>
    public Func<string, int?>? MaxQueuedMessagesFor { get; init; }

    /// <summary>Unacknowledged QoS 1/2 messages sent to one client at a time.</summary>
    public int MaxInflightMessagesPerClient { get; init; } = 64;

    /// <summary>Packets waiting in one connection's socket queue before QoS 0 messages to it are dropped and
    /// its own reads pause until the socket drains.</summary>
    public int MaxOutboundPacketsPerConnection { get; init; } = 1_000;

    /// <summary>QoS 2 messages a client may leave unreleased (PUBREC sent, no PUBREL yet) before it is disconnected.</summary>
    public int MaxUnreleasedIncomingQos2PerClient { get; init; } = 1_000;

    /// <summary>Time from accepting a socket to receiving CONNECT, TLS handshake included. Short, because until then
    /// the socket is anyone's.</summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>How long <see cref="MqttBroker.StopAsync"/> waits for connections to finish.</summary>
    public TimeSpan ShutdownTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>How often keep-alive and connect deadlines are checked. A deadline is acted on at the second check
    /// past it, so a silent client goes between 1.5 × keep-alive and that plus two intervals.</summary>
    public TimeSpan IdleCheckInterval { get; init; } = TimeSpan.FromMilliseconds(250);

    public IMqttAuthenticator Authenticator { get; init; } = AllowAllAuthenticator.Instance;

    public IMqttAuthorizer Authorizer { get; init; } = AllowAllAuthorizer.Instance;

    public IMqttBrokerLogger Logger { get; init; } = NullMqttBrokerLogger.Instance;

    internal void Validate()
    {
        if (TcpEndPoint is null && TlsEndPoint is null)
        {
            throw new ArgumentException("configure a TCP or a TLS endpoint");
        }
        if (TlsEndPoint is not null && TlsCertificate is null)
        {
            throw new ArgumentException("the TLS endpoint needs a TlsCertificate");
        }
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxConnections, 1, nameof(MaxConnections));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxUnauthenticatedConnectionsPerAddress, 1, nameof(MaxUnauthenticatedConnectionsPerAddress));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(ConnectTimeout, TimeSpan.Zero, nameof(ConnectTimeout));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxPacketSize, 16, nameof(MaxPacketSize));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxQueuedMessagesPerClient, 1, nameof(MaxQueuedMessagesPerClient));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxInflightMessagesPerClient, 1, nameof(MaxInflightMessagesPerClient));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(MaxInflightMessagesPerClient, 65_535, nameof(MaxInflightMessagesPerClient));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxOutboundPacketsPerConnection, 1, nameof(MaxOutboundPacketsPerConnection));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxUnreleasedIncomingQos2PerClient, 1, nameof(MaxUnreleasedIncomingQos2PerClient));
    }
}
