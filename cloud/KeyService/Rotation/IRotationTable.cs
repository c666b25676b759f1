namespace ShareKey.KeyService.Rotation;

public interface IRotationTable
{
    /// <summary>Inserts the rotation; returns its id. Conflicts if the device already has an open one (Sending or GaveUp).</summary>
    Task<long> InsertAsync(RotationRecord rotation, CancellationToken cancellationToken);

    /// <summary>Inserts the rotations (on PostgreSQL in one statement); returns their ids in order. Conflicts as the one-row insert does.</summary>
    Task<IReadOnlyList<long>> InsertAsync(IReadOnlyList<RotationRecord> rotations, CancellationToken cancellationToken);

    Task<RotationRecord?> GetAsync(long id, CancellationToken cancellationToken);

    /// <summary>The rotations with these ids, in one statement; in order, null where there is none.</summary>
    Task<IReadOnlyList<RotationRecord?>> GetAsync(IReadOnlyList<long> ids, CancellationToken cancellationToken);

    /// <summary>The device's rotation in state Sending or GaveUp, if any.</summary>
    Task<RotationRecord?> OpenForDeviceAsync(ulong deviceId, CancellationToken cancellationToken);

    /// <summary>The open rotations (Sending or GaveUp) of the devices, in one statement; at most one per device.</summary>
    Task<IReadOnlyList<RotationRecord>> OpenForDevicesAsync(IReadOnlyList<ulong> deviceIds, CancellationToken cancellationToken);

    /// <summary>Newest first by number (the order they were stored in); <paramref name="limit"/> rows at most.</summary>
    Task<IReadOnlyList<RotationRecord>> ListAsync(ulong? deviceId, RotationState? state, int limit, CancellationToken cancellationToken);

    /// <summary>
    /// How many rotations are in each state (states with none are absent), without reading every rotation stored:
    /// the open and failed ones through their indexes, the confirmed ones as a running total.
    /// </summary>
    Task<IReadOnlyDictionary<RotationState, int>> CountByStateAsync(CancellationToken cancellationToken);

    /// <summary>GaveUp rotations whose RedriveAt has come, oldest first.</summary>
    Task<IReadOnlyList<RotationRecord>> DueForRedriveAsync(DateTimeOffset now, int limit, CancellationToken cancellationToken);

    /// <summary>
    /// Writes what changes of a started rotation: its backup key, revocations, state, outbox message, re-drives,
    /// times and error. What it was started with (device, cause, rental, epochs, new key, creation) stays as inserted.
    /// Whether it was found; conflicts if it becomes open beside another open one of its device. A confirmed
    /// rotation is final: it is never written again (false), so that the confirmed ones are counted once.
    /// </summary>
    Task<bool> UpdateAsync(RotationRecord rotation, CancellationToken cancellationToken);

    /// <summary>Updates each rotation as the one-rotation update does (on PostgreSQL in one statement when none becomes open); whether each was found, in order.</summary>
    Task<IReadOnlyList<bool>> UpdateAsync(IReadOnlyList<RotationRecord> rotations, CancellationToken cancellationToken);
}
