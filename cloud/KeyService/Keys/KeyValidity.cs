using ShareKey.KeyService.Audit;
using ShareKey.KeyService.Auth;
using ShareKey.KeyService.Problems;

namespace ShareKey.KeyService.Keys;

/// <summary>
/// Changing a key's validity (R1.5): its window and uses, by the device's manager (the holder of
/// the owner key it descends from) or an operator, within its parent's limits. The key keeps its
/// id — so its use count on the device and its shares' tokens stay — and gets a new token; the
/// next bulletin names it as changed with that token's fingerprint, so a device refuses every
/// older token of it (docs/protocol.md §4.5). Shares below that would now allow more than the
/// changed key are narrowed the same way; the others keep their tokens. A share that would be left
/// with no window at all is refused rather than narrowed to nothing.
/// </summary>
public sealed class KeyValidity(KeyManager keys, AuditLog audit, TimeProvider time)
{
    public const string Action = "key.validity";

    public Task<VirtualKey> ChangeAsync(Caller caller, ulong keyId, ValidityChange change, CancellationToken cancellationToken) =>
        audit.RunAsync(caller.Actor, Action, KeyManager.KeyTarget(keyId), async session =>
        {
            if (change.IsEmpty)
            {
                throw new ServiceError(ErrorCode.InvalidRequest, "Name at least one of notBefore, notAfter or maxUses to change.");
            }

            var found = await session.Keys.GetAsync(keyId, cancellationToken) ?? throw KeyManager.NotFound(keyId);
            var tree = await KeyTree.LoadForChangeAsync(session, found.DeviceId, [keyId], cancellationToken);
            var key = tree.Get(keyId);
            var rank = RequireManager(caller, tree, key);
            if (!KeyAuthority.IsLive(key))
            {
                throw new ServiceError(key.State == KeyState.Transferred ? ErrorCode.KeyTransferred : ErrorCode.KeyRevoked, $"Key {keyId:x16} is no longer in force; its validity cannot change.");
            }

            var now = time.GetUtcNow();
            var wanted = key with
            {
                NotBefore = change.NotBefore is { } from ? KeyManager.ToDeviceTime(from) : key.NotBefore,
                NotAfter = change.NotAfter is { } until ? KeyManager.ToDeviceTime(until) : key.NotAfter,
                MaxUses = change.MaxUses ?? key.MaxUses,
            };
            if (wanted.NotAfter <= wanted.NotBefore || wanted.NotAfter <= KeyManager.ToDeviceTime(now))
            {
                throw new ServiceError(ErrorCode.InvalidRequest, $"The key would never be valid: not-after {Time(wanted.NotAfter)} must be later than not-before {Time(wanted.NotBefore)} and than now.");
            }

            if (key.ParentKeyId != 0 && tree.Chain(key) is [_, var parent, ..])
            {
                RequireWithin(parent, wanted);
            }

            var changed = new List<VirtualKey>();
            Apply(tree, key, wanted, now, changed);
            foreach (var (member, _) in tree.Subtree(key).Skip(1))
            {
                if (KeyAuthority.IsLive(member) && Narrowed(member, tree.Get(member.ParentKeyId), now) is { } narrowed)
                {
                    Apply(tree, member, narrowed, now, changed);
                }
            }

            if (changed.Count == 0)
            {
                return key;
            }

            // No room to make: the key and its shares were live, so the bulletin bound counted them already.
            await Devices.DeviceService.ActiveDeviceAsync(session, key.DeviceId, cancellationToken);
            await tree.SaveAsync(session, cancellationToken);
            var announced = await keys.AnnounceAsync(session, key.DeviceId, cancellationToken);
            var after = tree.Get(keyId);
            await audit.AppendAsync(session, caller.Actor, Action, KeyManager.KeyTarget(keyId),
                $"as={KeyAuthority.Describe(rank)} valid={Time(after.NotBefore)}..{Time(after.NotAfter)} uses={(after.MaxUses == 0 ? "unlimited" : after.MaxUses)} shares-narrowed={changed.Count - (changed[0].Id == keyId ? 1 : 0)} {announced}",
                cancellationToken);
            return after;
        }, cancellationToken);

    /// <summary>An operator, or the holder of the live owner key at the root of the key's chain — for a key below it, not the owner key itself.</summary>
    private static int RequireManager(Caller caller, KeyTree tree, VirtualKey key)
    {
        var rank = KeyAuthority.Require(caller, tree, key, "change keys");
        if (rank == KeyAuthority.OperatorRank)
        {
            return rank;
        }

        var root = tree.Chain(key)[^1];
        return rank == 1 && root.Type == KeyType.Owner && key.Id != root.Id
            ? rank
            : throw new ServiceError(ErrorCode.Forbidden, $"Only the device's manager (the holder of the owner key key {key.Id:x16} descends from) or an operator changes a key's validity; a sharer revokes and shares anew instead.");
    }

    private static void RequireWithin(VirtualKey parent, VirtualKey wanted)
    {
        if (wanted.NotBefore < parent.NotBefore || wanted.NotAfter > parent.NotAfter)
        {
            throw new ServiceError(ErrorCode.ValidityExceedsParent, $"Key {parent.Id:x16}, which this one was shared from, is valid {Time(parent.NotBefore)} to {Time(parent.NotAfter)}; the window must fit inside it, not {Time(wanted.NotBefore)} to {Time(wanted.NotAfter)}.");
        }

        if (parent.MaxUses != 0 && (wanted.MaxUses == 0 || wanted.MaxUses > parent.MaxUses))
        {
            throw new ServiceError(ErrorCode.ValidityExceedsParent, $"Key {parent.Id:x16}, which this one was shared from, allows {parent.MaxUses} uses; this one may allow 1–{parent.MaxUses}, not {(wanted.MaxUses == 0 ? "unlimited" : wanted.MaxUses)}.");
        }
    }

    /// <summary>The member cut down to fit its (changed) parent, or null when it fits already; refused when nothing of its window would be left.</summary>
    private static VirtualKey? Narrowed(VirtualKey member, VirtualKey parent, DateTimeOffset now)
    {
        var narrowed = member with
        {
            NotBefore = Math.Max(member.NotBefore, parent.NotBefore),
            NotAfter = Math.Min(member.NotAfter, parent.NotAfter),
            MaxUses = parent.MaxUses != 0 && (member.MaxUses == 0 || member.MaxUses > parent.MaxUses) ? parent.MaxUses : member.MaxUses,
        };
        if (narrowed.NotAfter <= narrowed.NotBefore || narrowed.NotAfter <= KeyManager.ToDeviceTime(now))
        {
            throw new ServiceError(ErrorCode.ChangeStrandsShares, $"Key {member.Id:x16}, shared below, is valid {Time(member.NotBefore)} to {Time(member.NotAfter)}: nothing of it would be left inside the new window. Revoke it first, or choose a window that overlaps it.");
        }

        return narrowed == member ? null : narrowed;
    }

    private static void Apply(KeyTree tree, VirtualKey key, VirtualKey wanted, DateTimeOffset now, List<VirtualKey> changed)
    {
        if (wanted.NotBefore == key.NotBefore && wanted.NotAfter == key.NotAfter && wanted.MaxUses == key.MaxUses)
        {
            return;
        }

        var updated = wanted with { ChangedAt = now, UpdatedAt = now, TokensNotAfter = key.LatestNotAfter };
        tree.Set(updated);
        changed.Add(updated);
    }

    private static string Time(uint deviceTime) => $"{DateTimeOffset.FromUnixTimeSeconds(deviceTime):u}";
}
