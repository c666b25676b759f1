namespace ShareKey.KeyService.Gateway;

/// <summary>The device link's broker: the in-process one or an external one (the `Broker` section of <c>ServiceOptions</c>).</summary>
public sealed class BrokerOptions
{
    /// <summary>Empty: run the in-process broker. Otherwise "mqtt://host:port" or "mqtts://host:port" of an external broker.</summary>
    public string? Url { get; set; }

    /// <summary>The service's own MQTT account on an external broker (the in-process broker derives it from the master key).</summary>
    public string? Username { get; set; }

    public string? Password { get; set; }

    /// <summary>Port of the in-process broker (0 = any free port).</summary>
    public int Port { get; set; } = 8883;

    /// <summary>The in-process broker speaks MQTT over TLS with a certificate from its own CA (made at first start in
    /// the data directory, carried by every board file); true makes it plain MQTT instead — for tests and labs only.</summary>
    public bool PlainMqtt { get; set; }

    /// <summary>Address the in-process broker listens on.</summary>
    public string ListenAddress { get; set; } = "0.0.0.0";

    /// <summary>Broker host written into board configuration files; default: this machine's name.</summary>
    public string? PublicHost { get; set; }

    /// <summary>Broker port written into board configuration files; default: the broker's port.</summary>
    public int? PublicPort { get; set; }

    /// <summary>Whether boards use TLS to reach an external broker's public address (the in-process broker: unless <see cref="PlainMqtt"/>).</summary>
    public bool PublicTls { get; set; }

    /// <summary>Connections the in-process broker accepts (devices + service instances).</summary>
    public int MaxConnections { get; set; } = 20_000;

    /// <summary>Sockets one address may hold in the in-process broker before their CONNECT is accepted.</summary>
    public int MaxUnauthenticatedConnectionsPerAddress { get; set; } = 64;

    /// <summary>How long the in-process broker waits for a new socket's CONNECT (TLS handshake included).</summary>
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>The $share group every instance's gateway joins, so each uplink reaches one instance.</summary>
    public string ShareGroup { get; set; } = "keyservice";
}
