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
    /// SELECT … FOR NO KEY UPDATE; SQLite write sessions are serialised anyway). Lock a device before
    /// changing its keys, rotation or outbox, and several devices in ascending id order: the store's
    /// one lock order, written down in Storage/Sql/DeviceLocks.cs.
    /// </summary>
    Task<Device?> GetAsync(ulong id, bool forUpdate, CancellationToken cancellationToken);

    /// <summary>
    /// Locks the devices for the rest of the session, in one statement, in ascending id order as
    /// the lock order wants; returns those that exist, in that order.
    /// Later reads of a locked device in this session (<see cref="GetAsync"/>) come from what it read
    /// until the session writes the device's row.
    /// </summary>
    Task<IReadOnlyList<Device>> LockAsync(IEnumerable<ulong> ids, CancellationToken cancellationToken);

    /// <summary>
    /// Throws <see cref="InvalidOperationException"/> unless this session locked the device (or
    /// inserted it): called before changing the device's keys, rotation or outbox, naming <paramref name="what"/>.
    /// </summary>
    void RequireLocked(ulong id, string what);

    /// <summary>Every device of the kind and state given, in the order provisioned (a fleet-wide rotation's targets).</summary>
    Task<IReadOnlyList<Device>> ListAsync(DeviceKind? kind, DeviceState? state, CancellationToken cancellationToken);

    /// <summary>
    /// A page of the devices of the kind and state given, in the order provisioned (by created_at, then id): at most
    /// <paramref name="limit"/>, those after <paramref name="after"/> (the last device of the page before) if given.
    /// </summary>
    Task<IReadOnlyList<Device>> PageAsync(DeviceKind? kind, DeviceState? state, Device? after, int limit, CancellationToken cancellationToken);

    /// <summary>Rewrites every column but the id, from a copy read under the row's lock (throws <see cref="InvalidOperationException"/> unless the session locked it). Returns false when the row is gone.</summary>
    Task<bool> UpdateAsync(Device device, CancellationToken cancellationToken);

    /// <summary><see cref="UpdateAsync(Device, CancellationToken)"/> for each device (on PostgreSQL in one round trip); whether each row was found, in order.</summary>
    Task<IReadOnlyList<bool>> UpdateAsync(IReadOnlyList<Device> devices, CancellationToken cancellationToken);

    /// <summary>Increments and returns the device's down-message id (docs/protocol.md §9.5), atomically.</summary>
    Task<uint> NextDownMessageIdAsync(ulong deviceId, CancellationToken cancellationToken);

    /// <summary>The next down message id of each device, in order (on PostgreSQL in one round trip); a device listed twice gets two.</summary>
    Task<IReadOnlyList<uint>> NextDownMessageIdsAsync(IReadOnlyList<ulong> deviceIds, CancellationToken cancellationToken);

    /// <summary>Sets LastSeenAt (only forward).</summary>
    Task TouchAsync(ulong deviceId, DateTimeOffset seenAt, CancellationToken cancellationToken);

    /// <summary>Sets LastSeenAt of each device (only forward), in order (on PostgreSQL in one round trip).</summary>
    Task TouchAsync(IReadOnlyList<(ulong DeviceId, DateTimeOffset SeenAt)> touches, CancellationToken cancellationToken);
}
