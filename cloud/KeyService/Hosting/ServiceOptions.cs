using ShareKey.KeyService.Gateway;
using ShareKey.KeyService.Notifications;
using ShareKey.KeyService.Outbox;

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
