using System.Net;

namespace ShareKey.BleBridge;

public sealed record BridgeServerOptions
{
    /// <summary>Where to listen; loopback and an ephemeral port unless set. The bridge has no authentication: keep it on loopback.</summary>
    public IPEndPoint EndPoint { get; init; } = new(IPAddress.Loopback, 0);

    /// <summary>A connection silent this long is closed, as a BLE link drops an idle central.</summary>
    public TimeSpan IdleTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Receives what the server did and what it refused; null for silence.</summary>
    public Action<BridgeLogLevel, string>? Log { get; init; }
}
