namespace ShareKey.KeyService.Keys;

/// <summary>
/// Revoking or freezing a key covers everything shared from it (docs/architecture.md §4): the standing of
/// each key in the subtree is recomputed from the freezes on it and on its ancestors, in the cloud
/// and hence in the next bulletin, which lists every key the device must refuse — the device itself
/// checks only a key and its direct parent.
/// </summary>
public static class SubtreeStanding
{
    /// <summary>Revokes the key and every live key below it; returns how many keys changed.</summary>
    public static int Revoke(KeyTree tree, VirtualKey key, DateTimeOffset now)
    {
        var changed = 0;
        foreach (var (member, _) in tree.Subtree(key))
        {
            if (KeyAuthority.IsLive(member))
            {
                tree.Set(member with { State = KeyState.Revoked, UpdatedAt = now });
                changed++;
            }
        }

        return changed;
    }

    /// <summary>Puts (or replaces) the freeze on the key itself and recomputes its subtree; returns how many keys changed standing.</summary>
    public static int SetFreeze(KeyTree tree, VirtualKey key, KeyFreeze? freeze, DateTimeOffset now)
    {
        tree.Set(key with { Freeze = freeze, UpdatedAt = now });
        var changed = 0;
        foreach (var (member, _) in tree.Subtree(key))
        {
            if (!KeyAuthority.IsLive(member))
            {
                continue;
            }

            var wanted = tree.Chain(member).Any(link => link.Freeze is not null) ? KeyState.Frozen : KeyState.Active;
            if (member.State != wanted)
            {
                tree.Set(member with { State = wanted, UpdatedAt = now });
                changed++;
            }
        }

        return changed;
    }

    /// <summary>The nearest key at or above this one carrying a freeze, if any.</summary>
    public static VirtualKey? FrozenThrough(KeyTree tree, VirtualKey key) =>
        tree.Chain(key).FirstOrDefault(link => link.Freeze is not null);
}
