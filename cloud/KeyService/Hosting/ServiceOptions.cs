using ShareKey.KeyService.Notifications;

namespace ShareKey.KeyService.Hosting;

/// <summary>
/// Everything `sharekey serve` can be told, bound from the "ShareKey" configuration section
/// (a JSON file given with --config, SHAREKEY__* environment variables, then flags). The defaults
/// run one machine with zero setup: SQLite in the data directory and the in-process broker.
/// </summary>
public sealed class ServiceOptions
{
    public const string Section = "ShareKey";

    /// <summary>Where the SQLite file and master key live.</summary>
    public string DataDirectory { get; set; } = "sharekey-data";

    /// <summary>64 hex digits; when empty the key is read from (or created in) the data directory's master.key.</summary>
    public string? MasterKey { get; set; }

    public StorageOptions Storage { get; set; } = new();

    public BrokerOptions Broker { get; set; } = new();

    public RotationOptions Rotation { get; set; } = new();

    public NotificationOptions Notifications { get; set; } = new();

    public Sharing.SharingOptions Sharing { get; set; } = new();

    public Rentals.RentalPolicyOptions Rentals { get; set; } = new();

    public Vehicles.VehicleOptions Vehicles { get; set; } = new();

    public Parking.ParkingOptions Parking { get; set; } = new();

    public Parking.Reservations.ReservationOptions Reservations { get; set; } = new();

    /// <summary>Name of this instance, in MQTT client ids and logs; several instances need different names.</summary>
    public string InstanceName { get; set; } = Environment.MachineName.ToLowerInvariant();
}

public sealed class StorageOptions
{
    /// <summary>"sqlite" (default) or "postgresql".</summary>
    public string Provider { get; set; } = "sqlite";

    /// <summary>For PostgreSQL: an Npgsql connection string. For SQLite: a file path (default: sharekey.db in the data directory).</summary>
    public string? ConnectionString { get; set; }
}

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

public sealed class RotationOptions
{
    /// <summary>How long to wait for a device's Ack before sending again (R0.2).</summary>
    public TimeSpan AckTimeout { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>Sends of one down message before giving up (R0.2, R0.4).</summary>
    public int MaxAttempts { get; set; } = 5;

    /// <summary>After giving up, when to try the rotation again (the device is served from the backup meanwhile).</summary>
    public TimeSpan RedriveAfter { get; set; } = TimeSpan.FromMinutes(10);
}
