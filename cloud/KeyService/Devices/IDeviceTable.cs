using ShareKey.KeyService.Storage;


namespace ShareKey.KeyService.Devices;

public interface IDeviceTable
{
    /// <summary>Throws <see cref="StoreConflictException"/> when the id is taken, or the name by a device in service (in any letter case).</summary>
    Task InsertAsync(Device device, CancellationToken cancellationToken);

    /// <summary>The device in service with this name, compared without letter case; null when none.</summary>
    Task<Device?> FindActiveByNameAsync(string name, CancellationToken cancellationToken);

    /// <summary>
    /// The device, locked for the rest of the session when <paramref name="forUpdate"/> (PostgreSQL
    /// SELECT … FOR UPDATE; SQLite write sessions are serialised anyway).
    /// </summary>
    Task<Device?> GetAsync(ulong id, bool forUpdate, CancellationToken cancellationToken);

    Task<IReadOnlyList<Device>> ListAsync(DeviceKind? kind, DeviceState? state, CancellationToken cancellationToken);

    /// <summary>Rewrites every column but the id. Returns false when the row is gone.</summary>
    Task<bool> UpdateAsync(Device device, CancellationToken cancellationToken);

    /// <summary>Increments and returns the device's down-message id (docs/protocol.md §9.5), atomically.</summary>
    Task<uint> NextDownMessageIdAsync(ulong deviceId, CancellationToken cancellationToken);

    /// <summary>Sets LastSeenAt (only forward).</summary>
    Task TouchAsync(ulong deviceId, DateTimeOffset seenAt, CancellationToken cancellationToken);
}
