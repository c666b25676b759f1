using System.Net;

namespace ShareKey.Simulator.Ble;

public sealed record BridgeServerOptions
{
    /// <summary>Where to listen; loopback and an ephemeral port unless set. The bridge has no authentication: keep it on loopback.</summary>
    public IPEndPoint EndPoint { get; init; } = new(IPAddress.Loopback, 0);

    /// <summary>A connection silent this long is closed, as a BLE link drops an idle central.</summary>
    public TimeSpan IdleTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How long a new phone waits for the connected one to go before it is refused busy. A phone
    /// that just hung up may still hold the link for a moment (its close has not reached the
    /// server yet), as a BLE peripheral may not yet advertise again; the next phone should get in.
    /// </summary>
    public TimeSpan BusyWait { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Receives what the server did and what it refused; null for silence.</summary>
    public Action<BridgeLogLevel, string>? Log { get; init; }
}
