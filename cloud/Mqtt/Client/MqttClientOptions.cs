using ShareKey.Mqtt.Packets;

namespace ShareKey.Mqtt.Client;

/// <summary>Everything an <see cref="MqttClient"/> needs to know before it connects. The defaults suit a
/// KeyService talking to a broker on the same network: 30 s keep-alive, automatic reconnect, 20 publishes in flight.</summary>
public sealed record MqttClientOptions
{
    public required string Host { get; init; }

    public int Port { get; init; } = 1883;

    /// <summary>Unique per broker; a second client with the same id makes the broker drop the first (§3.1.4).</summary>
    public required string ClientId { get; init; }

    public string? Username { get; init; }

    public string? Password { get; init; }

    /// <summary>False keeps the session on the broker between connections, so subscriptions and QoS 1/2
    /// messages survive a disconnect (§3.1.2.4). The client keeps its half of the session in memory.</summary>
    public bool CleanSession { get; init; } = true;

    /// <summary>Longest silence before the client sends PINGREQ; zero turns keep-alive off. Whole seconds on the wire.</summary>
    public TimeSpan KeepAlivePeriod { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How long to wait for any packet after a PINGREQ before declaring the broker dead.</summary>
    public TimeSpan PingResponseTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Covers the TCP connect, the TLS handshake and the wait for CONNACK.</summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(10);

    public MqttWill? Will { get; init; }

    /// <summary>Null for plain TCP.</summary>
    public MqttClientTlsOptions? Tls { get; init; }

    public MqttReconnectPolicy Reconnect { get; init; } = new();

    /// <summary>Outbound QoS 1/2 publishes awaiting acknowledgement; further publishers wait for a slot.</summary>
    /// <remarks>MQTT 3.1.1 has no flow control, but brokers have limits. Mosquitto 2.0.11 with its default
    /// <c>max_inflight_messages 20</c> answers the 21st unfinished QoS 2 publish with a PUBREC carrying "quota
    /// exceeded" (a 5.0 reason code a 3.1.1 client cannot see) and drops the message. Hence 20; raise it only
    /// for a broker known to accept more.</remarks>
    public int MaxInFlight { get; init; } = 20;

    /// <summary>Received messages buffered for the application handler. When full the client stops reading
    /// the socket (see <see cref="MqttClient.MessageReceivedAsync"/>).</summary>
    /// <remarks>0: no queue; the read loop calls the handler itself and acknowledges the message when it
    /// returns, as a board's MQTT stack calls its receive handler. That saves a thread hop per message (many
    /// simulated boards in one process), but while the handler runs nothing else is read: a handler that waits
    /// for anything the broker sends (the acknowledgement of its own publish) waits forever.</remarks>
    public int ReceiveQueueCapacity { get; init; } = 1024;

    /// <summary>Larger packets from the broker are a protocol error that closes the connection.</summary>
    public int MaximumIncomingPacketSize { get; init; } = 1024 * 1024;

    public IMqttClientLogger Logger { get; init; } = NullMqttClientLogger.Instance;

    /// <summary>Replaces TCP/TLS with another byte stream: the seam through which tests play the broker
    /// byte for byte (and could inject faults no real broker produces).</summary>
    internal Func<CancellationToken, Task<Stream>>? OpenStream { get; init; }

    internal void Validate()
    {
        ArgumentException.ThrowIfNullOrEmpty(Host);
        ArgumentOutOfRangeException.ThrowIfLessThan(Port, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(Port, 65535);
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxInFlight, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(MaxInFlight, 65535);
        ArgumentOutOfRangeException.ThrowIfNegative(ReceiveQueueCapacity);
        ArgumentOutOfRangeException.ThrowIfLessThan(MaximumIncomingPacketSize, 2);
        ArgumentOutOfRangeException.ThrowIfLessThan(KeepAlivePeriod, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(KeepAlivePeriod, TimeSpan.FromSeconds(ushort.MaxValue));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(PingResponseTimeout, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(ConnectTimeout, TimeSpan.Zero);
        if (Password is not null && Username is null)
        {
            throw new ArgumentException("MQTT 3.1.1 forbids a password without a user name (§3.1.2.9).", nameof(Password));
        }

        if (string.IsNullOrEmpty(ClientId) && !CleanSession)
        {
            throw new ArgumentException("A persistent session needs a client id (§3.1.3.1).", nameof(ClientId));
        }
    }
}
