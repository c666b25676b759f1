namespace ShareKey.Mqtt.Tests.Fixtures;

/// <summary>How to start a test mosquitto.</summary>
public sealed record MosquittoOptions
{
    /// <summary>Keep sessions and queued messages in a file so they survive a restart.</summary>
    public bool Persistence { get; init; }

    /// <summary>Also open a TLS listener with a self-signed certificate.</summary>
    public bool Tls { get; init; }
}
