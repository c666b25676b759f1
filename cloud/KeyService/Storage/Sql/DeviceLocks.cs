namespace ShareKey.KeyService.Storage.Sql;

/// <summary>
/// The store's one lock order, kept here for every session:
/// <list type="number">
/// <item>A session that changes a device's keys, rotation or outbox rows first locks that device's
/// row (the device table's GetAsync with forUpdate, its LockAsync, or inserting the
/// device), before it reads what it decides on. The device row is then a per-device mutex:
/// two sessions never hold rows of one device's keys, rotation and outbox while waiting for each
/// other, and what a session read under it is still true when it writes. On PostgreSQL the row is
/// held FOR NO KEY UPDATE (nothing changes a device's id): a second locker waits, but a session
/// inserting a row that merely names the device (an uplink, an event) does not.</item>
/// <item>A session that locks several devices locks them in ascending id order (the device
/// table's LockAsync takes them in one statement, ORDER BY … FOR NO KEY UPDATE; the uplink locks each
/// batch's devices so, as does an operator's rotation of many, chunk by chunk, chunks side by side on PostgreSQL). This part is not checked: a
/// user's disable runs every feature's IHeldKeys in one session, a renter's overdue rental with
/// no live key can bring a lower device after higher ones, and a VIN or IMSI moving to a T-BOX locks
/// the T-BOXes that held them (ending their bindings: a device's bindings change only under its
/// lock too) after the claimant, which the uplink locked before their bindings could be read; such a rare deadlock is undone by the
/// database and run again by the TransactionRunner.</item>
/// <item>The one exception is the outbox sender's claim, which locks only outbox rows, with SKIP
/// LOCKED, and changes only those: it never waits for a lock, so it cannot close a cycle.</item>
/// </list>
/// Sessions on PostgreSQL that followed other orders deadlocked (SQLSTATE 40P01): the outbox giving
/// up a Rotate (outbox → rotation) against the device's ack confirming it (device → rotation → outbox).
/// The first rule is checked in every session on both databases (SQLite's are serialised anyway),
/// so every test enforces it whichever database it uses; breaking it is a programming error,
/// reported as such.
/// </summary>
internal sealed class DeviceLocks
{
    private readonly HashSet<ulong> held = [];

    /// <summary>Records a device row this session locked (or inserted: held until the end, and invisible to others until then).</summary>
    public void Taken(ulong deviceId) => held.Add(deviceId);

    /// <summary>Throws unless this session locked the device before changing its keys, rotation or outbox (<paramref name="what"/>).</summary>
    public void Require(ulong deviceId, string what)
    {
        if (!held.Contains(deviceId))
        {
            throw new InvalidOperationException(
                $"Lock order broken: {what} of device {deviceId:x16} in a session that did not lock the device's row first (Storage/Sql/DeviceLocks.cs).");
        }
    }
}
