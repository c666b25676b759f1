namespace ShareKey.KeyService.Keys;

public interface IKeyTable
{
    Task InsertAsync(VirtualKey key, CancellationToken cancellationToken);

    /// <summary>
    /// <see cref="InsertAsync"/> for each key, sent with the session's commit (on PostgreSQL in the
    /// commit's round trip, several keys as one statement): a taken id fails the commit with a
    /// <see cref="Storage.StoreConflictException"/>, and nothing of the session is kept.
    /// </summary>
    Task InsertWithCommitAsync(IReadOnlyList<VirtualKey> keys, CancellationToken cancellationToken);

    Task<VirtualKey?> GetAsync(ulong id, CancellationToken cancellationToken);

    /// <summary>The keys of these ids that exist, in one statement, in no particular order.</summary>
    Task<IReadOnlyList<VirtualKey>> GetManyAsync(IReadOnlyList<ulong> ids, CancellationToken cancellationToken);

    /// <summary>Keys matching every filter given, oldest first: every one, for work on all of a holder's keys (a user disabled).</summary>
    Task<IReadOnlyList<VirtualKey>> ListAsync(ulong? deviceId, ulong? holderId, KeyState? state, CancellationToken cancellationToken);

    /// <summary>
    /// A page of the keys matching every filter given, newest first (by created_at, then id): at most <paramref name="limit"/>,
    /// those after <paramref name="before"/> (the last key of the page before) if given. A holder's keys are read in that
    /// order off keys_holder, as many as the page shows; a device's are read through keys_device and sorted; with neither
    /// filter every key is sorted.
    /// </summary>
    Task<IReadOnlyList<VirtualKey>> PageAsync(ulong? deviceId, ulong? holderId, KeyState? state, VirtualKey? before, int limit, CancellationToken cancellationToken);

    /// <summary>
    /// The device's live keys (Active or Frozen, <see cref="KeyAuthority.IsLive"/>), oldest first: each is under the device's
    /// epoch, as it was issued under it and moved with each rotation confirmed (<see cref="MoveToEpochAsync(IReadOnlyList{ValueTuple{ulong, uint}}, DateTimeOffset, CancellationToken)"/>),
    /// so they are read from the epoch before the device's on, without the keys of its earlier epochs.
    /// </summary>
    Task<IReadOnlyList<VirtualKey>> LiveOfDeviceAsync(ulong deviceId, CancellationToken cancellationToken);

    /// <summary>
    /// The family of the named keys of one device, in any state, oldest first, in one statement: each named key, the keys
    /// above it (its parent, … up to its root) and every key shared down from it, found through the primary key and
    /// keys_parent. That is all a change to the named keys can reach and all a check of who stands over them reads
    /// (<see cref="KeyTree"/>); the device's other keys — a rental car's earlier renters' keys — stay unread. A link to a
    /// key of another device is not followed, and an id that names no key of the device is left out.
    /// </summary>
    Task<IReadOnlyList<VirtualKey>> FamilyOfAsync(ulong deviceId, IReadOnlyList<ulong> keyIds, CancellationToken cancellationToken);

    /// <summary>
    /// The keys of each device (its id and current epoch) under that epoch or the one before, in <paramref name="state"/>
    /// if given, by device, oldest first, in one statement: the only keys <see cref="BulletinIssuer.IsLive"/> may find live,
    /// read without the keys of the device's earlier epochs.
    /// </summary>
    Task<IReadOnlyList<VirtualKey>> UnderRecentEpochsAsync(IReadOnlyList<(ulong DeviceId, uint Epoch)> devices, KeyState? state, CancellationToken cancellationToken);

    /// <summary>
    /// How many of the device's keys, in any state, a bulletin built at <paramref name="now"/> may
    /// have to list (<see cref="BulletinIssuer.IsLive"/>), counted by the database rather than read.
    /// </summary>
    Task<int> CountLiveAsync(ulong deviceId, uint deviceEpoch, uint now, CancellationToken cancellationToken);

    /// <summary>
    /// Everything issuing a key reads, in one statement (on PostgreSQL one round trip instead of
    /// four): the user, the vehicle by exactly one of <paramref name="vin"/> or
    /// <paramref name="deviceId"/>, and the device's live keys at <paramref name="now"/>.
    /// </summary>
    Task<IssueTarget> ReadIssueTargetAsync(ulong userId, string? vin, ulong? deviceId, uint now, CancellationToken cancellationToken);

    /// <summary>
    /// <see cref="ReadIssueTargetAsync"/> for issuing keys, one for each request, in order: each vehicle's device
    /// (the one named, or the one the VIN's active binding names) is locked first, all in the store's lock order
    /// (Storage/Sql/DeviceLocks.cs), so its epoch and its count of live keys hold until the session ends. Returns,
    /// for each request, the device locked for it (null when the VIN is bound to none) beside what was read, which
    /// may name another device when the VIN was bound anew while the lock was awaited. PostgreSQL: the locks, then
    /// the reads, two statements for the lot in one round trip (a statement reads as of its start, which comes
    /// before its wait for a lock); SQLite, whose write session holds the database's one write lock from its start,
    /// each request's read alone. With <paramref name="skipLocked"/> (PostgreSQL) no lock is waited for: a device
    /// another session holds is not locked, and a request for it gets null as its locked device.
    /// </summary>
    Task<IReadOnlyList<(ulong? LockedDeviceId, IssueTarget Target)>> LockIssueTargetsAsync(IReadOnlyList<KeyRequest> requests, uint now, bool skipLocked, CancellationToken cancellationToken);

    Task<bool> UpdateAsync(VirtualKey key, CancellationToken cancellationToken);

    /// <summary>
    /// Re-issues every live (active or frozen) key of the device — never a revoked or transferred one — that is under an older epoch under
    /// <paramref name="epoch"/> (after a confirmed rotation). Returns how many.
    /// </summary>
    Task<int> MoveToEpochAsync(ulong deviceId, uint epoch, DateTimeOffset at, CancellationToken cancellationToken);

    /// <summary><see cref="MoveToEpochAsync(ulong, uint, DateTimeOffset, CancellationToken)"/> for each device (on PostgreSQL in one round trip); how many keys each moved, in order.</summary>
    Task<IReadOnlyList<int>> MoveToEpochAsync(IReadOnlyList<(ulong DeviceId, uint Epoch)> moves, DateTimeOffset at, CancellationToken cancellationToken);
}
