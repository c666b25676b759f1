using ShareKey.KeyService.Audit;
using ShareKey.KeyService.Devices;
using ShareKey.KeyService.Keys;
using ShareKey.KeyService.Storage;
using ShareKey.Protocol.Messages;
using ShareKey.Protocol.Tokens;

namespace ShareKey.KeyService.Sharing;

/// <summary>
/// A transfer share's first use, as the device reports it (R2.6, docs/protocol.md §3): the device
/// already refuses the sharer's key; the cloud records it as transferred — never minted or moved
/// to a new epoch again — revokes the co-use shares made from it (the device refuses only a key's
/// direct shares, not theirs), lists it as transferred in the next bulletin (which also lets the
/// device forget its own unreported record), and the audit entry tells the sharer and the
/// managers. A transferred event says it; an accepted command by a transfer share proves it too
/// (a device whose transferred event was lost, or firmware before the event existed).
/// </summary>
public sealed class TransferReports(KeyManager keys, AuditLog audit, TimeProvider time)
{
    public const string Action = "key.transferred";

    public async Task OnEventsAsync(IStoreSession session, Device device, IEnumerable<EventRecord> events, CancellationToken cancellationToken)
    {
        var used = events.Where(e => e.KeyId != 0 && e.Kind is EventKind.Transferred or EventKind.Unlocked or EventKind.Locked or EventKind.Started)
            .Select(e => e.KeyId)
            .Distinct()
            .ToList();
        foreach (var keyId in used)
        {
            await RecordAsync(session, device, keyId, cancellationToken);
        }
    }

    private async Task RecordAsync(IStoreSession session, Device device, ulong shareId, CancellationToken cancellationToken)
    {
        if (await session.Keys.GetAsync(shareId, cancellationToken) is not { } share
            || share.DeviceId != device.Id
            || (share.Flags & TokenFlags.TransferFromParent) == 0)
        {
            return;
        }

        var tree = await KeyTree.LoadForChangeAsync(session, device.Id, [share.ParentKeyId], cancellationToken);
        if (tree.Chain(share) is not [_, var parent, ..] || !KeyAuthority.IsLive(parent))
        {
            // Already recorded, or the sharer's key was revoked meanwhile (which voids the share on the device too).
            return;
        }

        var now = time.GetUtcNow();
        tree.Set(parent with { State = KeyState.Transferred, UpdatedAt = now });
        var revoked = tree.Children(parent).Where(child => child.Id != share.Id).Sum(child => SubtreeStanding.Revoke(tree, child, now));
        await tree.SaveAsync(session, cancellationToken);
        var announced = await keys.AnnounceAsync(session, device.Id, cancellationToken);
        await audit.AppendAsync(session, AuditLog.DeviceActor(device.Id), Action, KeyManager.KeyTarget(parent.Id),
            $"to={share.Id:x16} holder={share.HolderId:x16} co-use-revoked={revoked} {announced}", cancellationToken);
    }
}
