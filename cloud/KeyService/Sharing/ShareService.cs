using Microsoft.Extensions.Options;
using ShareKey.KeyService.Api;
using ShareKey.KeyService.Audit;
using ShareKey.KeyService.Auth;
using ShareKey.KeyService.Devices;
using ShareKey.KeyService.Keys;
using ShareKey.KeyService.Problems;
using ShareKey.KeyService.Storage;
using ShareKey.KeyService.Users;
using ShareKey.Protocol.Tokens;

namespace ShareKey.KeyService.Sharing;

/// <summary>
/// Sharing (R2.5–R2.7): a key's holder (when it carries the share permission), or anyone above
/// them in its chain, gives another user a key that hangs under it — within its window, uses and
/// permissions, co-use or transfer. The device learns the relation from the token's parent id and
/// refuses the share once the parent is revoked or frozen.
/// </summary>
public sealed class ShareService(IKeyStore store, KeyManager keys, BulletinIssuer bulletins, AuditLog audit, TimeProvider time, IOptions<SharingOptions> options) : ISharedKeyApplications
{
    /// <summary>Shares are never handed the manage permission: managing stays with the owner key.</summary>
    public const Permissions Shareable = Permissions.Unlock | Permissions.Lock | Permissions.Start | Permissions.Share;

    public Task<VirtualKey> ShareAsync(Caller caller, ulong parentKeyId, ShareTerms terms, CancellationToken cancellationToken) =>
        audit.RunAsync(caller.Actor, "key.share", KeyManager.KeyTarget(parentKeyId), session => ShareInSessionAsync(session, caller, parentKeyId, terms, cancellationToken), cancellationToken);

    /// <summary>
    /// An application for a "shared" key (POST /v1/keys, R1.1): a share of the owner key the caller
    /// holds on the vehicle — or, for an operator holding none, of the vehicle's one live owner key —
    /// so the key goes when the owner key goes.
    /// </summary>
    public Task<VirtualKey> ShareFromOwnerKeyAsync(Caller caller, KeyRequest request, CancellationToken cancellationToken) =>
        audit.RunAsync(caller.Actor, "key.share", $"user:{Ids.Format(request.UserId)}", async session =>
        {
            var device = await KeyManager.ResolveVehicleAsync(session, request, cancellationToken);
            var owners = (await session.Keys.LiveOfDeviceAsync(device.Id, cancellationToken)).Where(key => key.State == KeyState.Active && key.Type == KeyType.Owner).ToList();
            var parent = owners.FirstOrDefault(key => key.HolderId == caller.UserId)
                ?? (caller.IsOperator && owners.Count == 1 ? owners[0] : null)
                ?? throw new ServiceError(ErrorCode.Forbidden, caller.IsOperator
                    ? $"Device {device.Id:x16} has {owners.Count} live owner keys; name the key to share from (POST /v1/keys/{{id}}/shares, `sharekey key share`)."
                    : $"You hold no live owner key of device {device.Id:x16}; a shared key hangs under the key it is shared from (`sharekey key share`).");
            return await ShareInSessionAsync(session, caller, parent.Id, new ShareTerms(request.UserId, ShareMode.CoUse, request.NotBefore, request.NotAfter, request.MaxUses == 0 ? null : request.MaxUses, null), cancellationToken);
        }, cancellationToken);

    public async Task<VirtualKey> ShareInSessionAsync(IStoreSession session, Caller caller, ulong parentKeyId, ShareTerms terms, CancellationToken cancellationToken)
    {
        var found = await session.Keys.GetAsync(parentKeyId, cancellationToken) ?? throw KeyManager.NotFound(parentKeyId);
        var tree = await KeyTree.LoadAsync(session, found.DeviceId, [parentKeyId], cancellationToken);
        var parent = tree.Get(parentKeyId);
        var rank = KeyAuthority.Require(caller, tree, parent, "share keys");
        if (rank == KeyAuthority.HolderRank(tree, parent) && (parent.Permissions & Permissions.Share) == 0)
        {
            throw new ServiceError(ErrorCode.Forbidden, $"Key {parent.Id:x16} does not carry the share permission; ask whoever gave it to you, or the device's manager.");
        }

        RequireUsable(parent);
        var device = await DeviceService.ActiveDeviceAsync(session, parent.DeviceId, cancellationToken);
        var recipient = await RecipientAsync(session, terms, cancellationToken);
        if (recipient.Id == parent.HolderId)
        {
            throw new ServiceError(ErrorCode.InvalidRequest, $"Key {parent.Id:x16} is already held by {recipient.Name}; share it with someone else.");
        }

        RequireRoom(tree, parent, terms.Mode);
        await bulletins.EnsureRoomAsync(session, device, cancellationToken);
        var now = time.GetUtcNow();
        var share = new VirtualKey(
            Ids.NewId(),
            device.Id,
            recipient.Id,
            KeyType.Shared,
            PermissionsWithin(parent, terms.Permissions),
            terms.Mode == ShareMode.Transfer ? TokenFlags.TransferFromParent : TokenFlags.None,
            device.Epoch,
            0,
            0,
            UsesWithin(parent, terms.MaxUses),
            parent.Id,
            KeyState.Active,
            RentalId: null,
            now,
            now);
        var (notBefore, notAfter) = WindowWithin(parent, terms, now);
        share = share with { NotBefore = notBefore, NotAfter = notAfter };
        await session.Keys.InsertAsync(share, cancellationToken);
        await audit.AppendAsync(session, caller.Actor, "key.share", KeyManager.KeyTarget(share.Id),
            $"parent={parent.Id:x16} to={Ids.Format(recipient.Id)} mode={(terms.Mode == ShareMode.Transfer ? "transfer" : "co-use")} as={KeyAuthority.Describe(rank)} depth={tree.DepthOf(parent) + 1}",
            cancellationToken);
        return share;
    }

    /// <summary>
    /// The recipient by id or by exact name. Looked up only after the caller proved they may share
    /// from the key, so naming users is open only to someone who holds a shareable key or manages a
    /// device, one exact name per (audited) request — there is no listing and no partial match.
    /// </summary>
    private static async Task<Users.User> RecipientAsync(IStoreSession session, ShareTerms terms, CancellationToken cancellationToken)
    {
        if (terms.RecipientName is { } name)
        {
            return await session.Users.FindByNameAsync(name, cancellationToken)
                ?? throw new ServiceError(ErrorCode.UserNotFound, "No user by that name to share with; names must match exactly.", "userName");
        }

        return await session.Users.GetAsync(terms.RecipientId, cancellationToken)
            ?? throw new ServiceError(ErrorCode.UserNotFound, $"No user {Ids.Format(terms.RecipientId)} to share with.");
    }

    /// <summary>The shares made from a key (R2.7), live and gone: for anyone standing in its chain.</summary>
    public async Task<IReadOnlyList<VirtualKey>> MembersAsync(Caller caller, ulong keyId, CancellationToken cancellationToken)
    {
        await using var session = await store.BeginReadAsync(cancellationToken);
        var found = await session.Keys.GetAsync(keyId, cancellationToken) ?? throw KeyManager.NotFound(keyId);
        var tree = await KeyTree.LoadAsync(session, found.DeviceId, [keyId], cancellationToken);
        var key = tree.Get(keyId);
        KeyAuthority.Require(caller, tree, key, "see a key's shares");
        return tree.Children(key);
    }

    /// <summary>
    /// A recipient gives a share up (R2.7): it and everything shared from it are revoked, the device
    /// hears it in a bulletin, and the manager sees it in the key tree and the audit log.
    /// </summary>
    public Task<VirtualKey> GiveUpAsync(Caller caller, ulong keyId, CancellationToken cancellationToken) =>
        audit.RunAsync(caller.Actor, "key.give-up", KeyManager.KeyTarget(keyId), async session =>
        {
            var found = await session.Keys.GetAsync(keyId, cancellationToken) ?? throw KeyManager.NotFound(keyId);
            if (found.HolderId != caller.UserId)
            {
                throw new ServiceError(ErrorCode.Forbidden, $"Only the holder gives a share up; key {keyId:x16} is someone else's (its manager revokes it instead).");
            }

            if (found.ParentKeyId == 0)
            {
                throw new ServiceError(ErrorCode.InvalidRequest, $"Key {keyId:x16} is a {KeyTypes.Name(found.Type)} key, not a share: return the rental, or ask an operator to revoke it.");
            }

            if (!KeyAuthority.IsLive(found))
            {
                throw new ServiceError(ErrorCode.KeyRevoked, $"Key {keyId:x16} is no longer in force.");
            }

            var tree = await KeyTree.LoadForChangeAsync(session, found.DeviceId, [keyId], cancellationToken);
            var changed = SubtreeStanding.Revoke(tree, tree.Get(keyId), time.GetUtcNow());
            await tree.SaveAsync(session, cancellationToken);
            var announced = await keys.AnnounceAsync(session, found.DeviceId, cancellationToken);
            await audit.AppendAsync(session, caller.Actor, "key.give-up", KeyManager.KeyTarget(keyId), $"parent={found.ParentKeyId:x16} keys-revoked={changed} {announced}", cancellationToken);
            return tree.Get(keyId);
        }, cancellationToken);

    /// <summary>A share hangs only under a key that works now, under the epoch the device holds.</summary>
    private static void RequireUsable(VirtualKey parent)
    {
        switch (parent.State)
        {
            case KeyState.Revoked:
                throw new ServiceError(ErrorCode.KeyRevoked, $"Key {parent.Id:x16} is revoked; nothing can be shared from it.");
            case KeyState.Transferred:
                throw new ServiceError(ErrorCode.KeyTransferred, $"Key {parent.Id:x16} was transferred to someone else; nothing can be shared from it.");
            case KeyState.Frozen:
                throw new ServiceError(ErrorCode.KeyFrozen, $"Key {parent.Id:x16} is frozen; it can be shared again once it is unfrozen.");
        }
    }

    private void RequireRoom(KeyTree tree, VirtualKey parent, ShareMode mode)
    {
        var limits = options.Value;
        var depth = tree.DepthOf(parent) + 1;
        if (depth > limits.MaxDepth)
        {
            throw new ServiceError(ErrorCode.ShareDepthExceeded, $"A share of key {parent.Id:x16} would sit {depth} shares below its root; at most {limits.MaxDepth} are allowed.");
        }

        var live = tree.Children(parent).Where(KeyAuthority.IsLive).ToList();
        if (live.Count >= limits.MaxSharesPerKey)
        {
            throw new ServiceError(ErrorCode.ShareLimitReached, $"Key {parent.Id:x16} has {live.Count} live shares, the most one key may have ({limits.MaxSharesPerKey}); remove one first (`sharekey key members`).");
        }

        if (mode == ShareMode.Transfer)
        {
            if (parent.Type == KeyType.Owner)
            {
                throw new ServiceError(ErrorCode.InvalidRequest, $"Key {parent.Id:x16} is an owner key: ownership is not handed on by sharing; share it co-use, or ask an operator.");
            }

            if (live.FirstOrDefault(child => (child.Flags & TokenFlags.TransferFromParent) != 0) is { } pending)
            {
                throw new ServiceError(ErrorCode.TransferPending, $"Key {parent.Id:x16} is already being transferred to key {pending.Id:x16}; revoke that share first.");
            }
        }
    }

    private static Permissions PermissionsWithin(VirtualKey parent, Permissions? asked)
    {
        var wanted = asked ?? parent.Permissions & (Shareable & ~Permissions.Share);
        if ((wanted & ~Shareable) != 0)
        {
            throw new ServiceError(ErrorCode.InvalidRequest, "A share may carry unlock, lock, start and share; managing stays with the owner key.");
        }

        if (wanted == Permissions.None)
        {
            throw new ServiceError(ErrorCode.InvalidRequest, "A share must allow at least one of unlock, lock or start.");
        }

        return (wanted & ~parent.Permissions) == 0
            ? wanted
            : throw new ServiceError(ErrorCode.ShareExceedsParent, $"Key {parent.Id:x16} allows {Protocol.Messages.Names.Of(parent.Permissions)}; a share cannot add {Protocol.Messages.Names.Of(wanted & ~parent.Permissions)}.");
    }

    private static ushort UsesWithin(VirtualKey parent, ushort? asked)
    {
        var wanted = asked ?? parent.MaxUses;
        return parent.MaxUses == 0 || (wanted != 0 && wanted <= parent.MaxUses)
            ? wanted
            : throw new ServiceError(ErrorCode.ShareExceedsParent, $"Key {parent.Id:x16} allows {parent.MaxUses} uses; a share may allow 1–{parent.MaxUses}, not {(wanted == 0 ? "unlimited" : wanted)}.");
    }

    private static (uint NotBefore, uint NotAfter) WindowWithin(VirtualKey parent, ShareTerms terms, DateTimeOffset now)
    {
        var notBefore = terms.NotBefore is { } from ? KeyManager.ToDeviceTime(from) : Math.Max(parent.NotBefore, KeyManager.ToDeviceTime(now - KeyManager.ClockSkew));
        var notAfter = terms.NotAfter is { } until ? KeyManager.ToDeviceTime(until) : parent.NotAfter;
        if (notAfter <= notBefore || notAfter <= KeyManager.ToDeviceTime(now))
        {
            throw new ServiceError(ErrorCode.InvalidRequest, $"The share would never be valid: not-after {Time(notAfter)} must be later than not-before {Time(notBefore)} and than now.");
        }

        return notBefore >= parent.NotBefore && notAfter <= parent.NotAfter
            ? (notBefore, notAfter)
            : throw new ServiceError(ErrorCode.ShareExceedsParent, $"Key {parent.Id:x16} is valid {Time(parent.NotBefore)} to {Time(parent.NotAfter)}; a share must fit inside that window, not {Time(notBefore)} to {Time(notAfter)}.");
    }

    private static string Time(uint deviceTime) => $"{DateTimeOffset.FromUnixTimeSeconds(deviceTime):u}";
}
