using ShareKey.KeyService.Devices;
using ShareKey.KeyService.Outbox;
using ShareKey.KeyService.Problems;
using ShareKey.KeyService.Storage;
using ShareKey.Protocol.Messages;

namespace ShareKey.KeyService.Keys;

/// <summary>
/// Revocation bulletins (docs/protocol.md §4.5). Each lists every revoked and frozen key that may
/// still matter on the device: a key under an epoch the device may hold (the current one and the
/// one before, which may be its backup) whose not-after the bulletin's issue time has not reached.
/// Devices merge the revocations and move their clock to the issue time, so a key left out for
/// being expired is refused as expired on every device that applied the bulletin. The list never
/// exceeds <see cref="BulletinMessage.MaxEntries"/>: <see cref="EnsureRoomAsync"/> refuses a new key
/// on a device whose live keys could otherwise, all revoked, overflow it.
/// </summary>
public sealed class BulletinIssuer(DeviceCrypto crypto, TokenMinter minter, OutboxWriter outbox, TimeProvider time)
{
    /// <summary>
    /// Bumps the device's bulletin sequence and queues the new bulletin. Overflowed: more keys are in
    /// force than one bulletin lists — only possible for keys issued before the limit existed; the
    /// caller rotates the device's epoch, and the bulletin keeps revocations before freezes.
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
    /// (a lock with no network still learns of revocations). Rebuilt on demand: a rebuild at the same
    /// sequence differs only by keys that expired meanwhile, which its later issue time covers.
    /// </summary>
    public async Task<BulletinMessage?> CurrentAsync(IStoreSession session, Device device, CancellationToken cancellationToken) =>
        device.BulletinSequence == 0 ? null : (await BuildAsync(session, device, cancellationToken)).Bulletin;

    /// <summary>
    /// The revoked keys a Rotate lists (docs/protocol.md §4.4): those the next bulletin lists too,
    /// so a device that hears the Rotate before any bulletin still refuses them under the backup.
    /// For each of the devices, in order, read in one statement.
    /// </summary>
    public async Task<IReadOnlyList<ulong[]>> RevokedInForceAsync(IStoreSession session, IReadOnlyList<Device> devices, CancellationToken cancellationToken)
    {
        var keys = (await session.Keys.UnderRecentEpochsAsync([.. devices.Select(device => (device.Id, device.Epoch))], KeyState.Revoked, cancellationToken)).ToLookup(key => key.DeviceId);
        var now = Now();
        return [.. devices.Select(device => Listed(keys[device.Id], device.Epoch, now).Where(entry => entry.Standing == KeyStanding.Revoked).Select(entry => entry.KeyId).Take(RotateMessage.MaxRevokedKeys).ToArray())];
    }

    /// <summary>
    /// Fails closed before a new key could make a bulletin overflow (docs/protocol.md §4.5): refuses
    /// when the device already has <see cref="BulletinMessage.MaxEntries"/> live keys — in any state,
    /// since any of them may be revoked or frozen later and must then be listed. Keys free their
    /// place when they expire, or (revoked ones) when the device confirms rotations past their epoch.
    /// </summary>
    public async Task EnsureRoomAsync(IStoreSession session, Device device, CancellationToken cancellationToken)
    {
        // Counted in the database: every key issued passes here, and reading each of the device's keys cost more than the rest of the check.
        RequireRoom(device, await session.Keys.CountLiveAsync(device.Id, device.Epoch, Now(), cancellationToken));
    }

    /// <summary><see cref="EnsureRoomAsync"/> with the device's <paramref name="live"/> keys already counted (<see cref="IKeyTable.ReadIssueTargetAsync"/>).</summary>
    public static void RequireRoom(Device device, int live)
    {
        if (live >= BulletinMessage.MaxEntries)
        {
            throw new ServiceError(
                ErrorCode.DeviceKeyLimit,
                $"Device {device.Id:x16} already has {live} keys a revocation bulletin may have to list (unexpired, under epoch {device.Epoch} or the one before); "
                + $"one bulletin lists at most {BulletinMessage.MaxEntries}. Keys free their place when they expire; revoked ones also when the device confirms a rotation past their epoch (`sharekey rotation start`).");
        }
    }

    /// <summary>
    /// The entries a bulletin built at <paramref name="now"/> lists, revocations and transfers first;
    /// more than fit means overflow. A changed key (R1.5) in force is listed with the fingerprint
    /// <paramref name="fingerprint"/> gives of its newest token — or, when it gives none (the key is
    /// not under the device's epoch yet), as frozen, so no token of it opens until it can be named.
    /// </summary>
    public static IReadOnlyList<BulletinEntry> Listed(IEnumerable<VirtualKey> keys, uint deviceEpoch, uint now, Func<VirtualKey, uint?>? fingerprint = null) =>
        keys.Where(key => (key.State != KeyState.Active || key.ChangedAt is not null) && IsLive(key, deviceEpoch, now))
            .OrderBy(key => key.State is KeyState.Revoked or KeyState.Transferred ? 0 : 1)
            .ThenBy(key => key.Id)
            .Select(key => key.State == KeyState.Active
                ? fingerprint?.Invoke(key) is { } print ? new BulletinEntry(key.Id, KeyStanding.Changed, print) : new BulletinEntry(key.Id, KeyStanding.Frozen, key.LatestNotAfter)
                : new BulletinEntry(key.Id, StandingOf(key.State), key.LatestNotAfter))
            .ToList();

    /// <summary>Revoked and transferred keys are final on the device; a frozen one until a bulletin omits it.</summary>
    private static KeyStanding StandingOf(KeyState state) => state switch
    {
        KeyState.Revoked => KeyStanding.Revoked,
        KeyState.Transferred => KeyStanding.Transferred,
        _ => KeyStanding.Frozen,
    };

    /// <summary>
    /// A key the device may still accept: under the device's epoch or the one before, and some token
    /// of it not expired at <paramref name="now"/>. <see cref="IKeyTable.CountLiveAsync"/> counts by the same rule in SQL.
    /// </summary>
    public static bool IsLive(VirtualKey key, uint deviceEpoch, uint now) => key.Epoch + 1 >= deviceEpoch && key.LatestNotAfter > now;

    private uint Now() => KeyManager.ToDeviceTime(time.GetUtcNow());

    private async Task<(BulletinMessage Bulletin, int InForce)> BuildAsync(IStoreSession session, Device device, CancellationToken cancellationToken)
    {
        var keys = await session.Keys.UnderRecentEpochsAsync([(device.Id, device.Epoch)], state: null, cancellationToken);
        var now = Now();
        var listed = Listed(keys, device.Epoch, now, key => key.Epoch == device.Epoch ? BulletinEntry.FingerprintOf(minter.Mint(key, device).Token.Tag) : null);
        var bulletin = new BulletinMessage
        {
            DeviceId = device.Id,
            Sequence = device.BulletinSequence,
            IssuedAt = now,
            Epoch = device.Epoch,
            Entries = listed.Take(BulletinMessage.MaxEntries).ToArray(),
        };
        bulletin.Mac = DeviceCrypto.Macs.BulletinMac(crypto.SecretsOf(device).BulletinKey, bulletin);
        return (bulletin, listed.Count);
    }
}
