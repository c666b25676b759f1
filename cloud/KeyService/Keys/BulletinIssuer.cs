using ShareKey.KeyService.Devices;
using ShareKey.KeyService.Outbox;
using ShareKey.KeyService.Storage;
using ShareKey.Protocol.Messages;

namespace ShareKey.KeyService.Keys;

/// <summary>
/// Revocation bulletins (docs/protocol.md §4.5): each is the complete set of revoked and frozen
/// keys in force on one device, under a new sequence number. Only keys under an epoch the device
/// may still hold are listed (the current one and the one before, which may be its backup); an
/// older key dies with its epoch anyway.
/// </summary>
public sealed class BulletinIssuer(DeviceCrypto crypto, OutboxWriter outbox, TimeProvider time)
{
    /// <summary>
    /// Bumps the device's bulletin sequence and queues the new bulletin. Overflowed: more keys are in
    /// force than one bulletin lists (the oldest were left out); the caller rotates the device's epoch,
    /// which voids them all at once (docs/protocol.md §4.5).
    /// </summary>
    public async Task<(Device Device, bool Overflowed)> IssueAsync(IStoreSession session, Device device, CancellationToken cancellationToken)
    {
        var current = await session.Devices.GetAsync(device.Id, forUpdate: true, cancellationToken) ?? device;
        var updated = current with { BulletinSequence = current.BulletinSequence + 1 };
        await session.Devices.UpdateAsync(updated, cancellationToken);
        var (bulletin, inForce) = await BuildAsync(session, updated, cancellationToken);
        await outbox.EnqueueAsync(session, updated, bulletin, rotationId: null, cancellationToken);
        return (updated, inForce > BulletinMessage.MaxEntries);
    }

    /// <summary>
    /// The bulletin at the device's current sequence, MAC'd, for a phone to carry inside a Command
    /// (a lock with no network still learns of revocations). Rebuilt on demand: the device applies
    /// a bulletin by its sequence, so a rebuild at the same sequence changes nothing there.
    /// </summary>
    public async Task<BulletinMessage?> CurrentAsync(IStoreSession session, Device device, CancellationToken cancellationToken) =>
        device.BulletinSequence == 0 ? null : (await BuildAsync(session, device, cancellationToken)).Bulletin;

    private async Task<(BulletinMessage Bulletin, int InForce)> BuildAsync(IStoreSession session, Device device, CancellationToken cancellationToken)
    {
        var keys = await session.Keys.ListAsync(device.Id, holderId: null, state: null, cancellationToken);
        var inForce = keys.Where(key => key.State != KeyState.Active && key.Epoch + 1 >= device.Epoch).ToList();
        var entries = inForce
            .OrderByDescending(key => key.UpdatedAt)
            .Take(BulletinMessage.MaxEntries)
            .Select(key => new BulletinEntry(key.Id, key.State == KeyState.Revoked ? KeyStanding.Revoked : KeyStanding.Frozen))
            .ToArray();
        var bulletin = new BulletinMessage
        {
            DeviceId = device.Id,
            Sequence = device.BulletinSequence,
            IssuedAt = (uint)time.GetUtcNow().ToUnixTimeSeconds(),
            Entries = entries,
        };
        bulletin.Mac = DeviceCrypto.Macs.BulletinMac(crypto.SecretsOf(device).BulletinKey, bulletin);
        return (bulletin, inForce.Count);
    }
}
