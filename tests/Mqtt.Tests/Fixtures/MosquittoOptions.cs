namespace ShareKey.Mqtt.Tests.Fixtures;

/// <summary>How to start a test mosquitto.</summary>
public sealed record MosquittoOptions
{
    /// <summary>Keep sessions and queued messages in a file so they survive a restart.</summary>
    public bool Persistence { get; init; }

    /// <summary>Also open a TLS listener with a self-signed certificate.</summary>
    public bool Tls { get; init; }

    /// <summary>Mosquitto's <c>set_tcp_nodelay</c>, off by default as Debian ships it. Off, Nagle holds back
    /// mosquitto's second small acknowledgement until the client's delayed ACK (40 ms on Linux) arrives: 20
    /// concurrent QoS 1 publishes awaited as a batch ran at ~430 msg/s instead of ~85,000. Turn it on for
    /// throughput measurements; behaviour tests do not care.</summary>
    public bool TcpNoDelay { get; init; }

    /// <summary>Let anyone connect and use any topic (no password file, no ACL): for tests about something
    /// other than the broker's access rules, such as several KeyService instances sharing one broker.</summary>
    public bool AllowAnonymous { get; init; }
}
