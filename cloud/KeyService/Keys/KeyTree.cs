using ShareKey.KeyService.Devices;
using ShareKey.KeyService.Storage;

namespace ShareKey.KeyService.Keys;

/// <summary>
/// Keys of one device as the tree their parent links make — every key but a root (an operator-issued
/// owner or renter key) hangs under the key it was shared from — loaded around the keys a caller acts
/// on: each of those, its chain up to its root and its whole subtree (<see cref="IKeyTable.FamilyOfAsync"/>),
/// never the rest of the device's history, which a rental car's returns make grow without end. So chains
/// and subtrees need no recursive walk of the caller's own; changes made through <see cref="Set"/> are
/// seen by later walks and written by <see cref="SaveAsync"/>.
/// </summary>
public sealed class KeyTree
{
    private readonly ulong deviceId;
    private readonly Dictionary<ulong, VirtualKey> byId;
    private readonly Dictionary<ulong, List<ulong>> childrenOf = [];
    private readonly HashSet<ulong> changed = [];

    /// <summary>The keys whose children were all loaded: the named ones and every key below them (not the keys above, of which only the path down is).</summary>
    private readonly HashSet<ulong> wholeBelow = [];

    private KeyTree(ulong deviceId, IReadOnlyList<VirtualKey> keys, IReadOnlyList<ulong> named)
    {
        this.deviceId = deviceId;
        byId = keys.ToDictionary(key => key.Id);
        foreach (var key in keys.Where(key => key.ParentKeyId != 0))
        {
            Add(key);
        }

        var pending = new Stack<ulong>(named.Where(byId.ContainsKey));
        while (pending.TryPop(out var id))
        {
            if (wholeBelow.Add(id) && childrenOf.TryGetValue(id, out var ids))
            {
                ids.ForEach(pending.Push);
            }
        }
    }

    /// <summary>The named keys of the device with their chains and subtrees; an id naming none of its keys is left out (and <see cref="Get"/> finds no such key).</summary>
    public static async Task<KeyTree> LoadAsync(IStoreSession session, ulong deviceId, IReadOnlyList<ulong> keyIds, CancellationToken cancellationToken) =>
        new(deviceId, await session.Keys.FamilyOfAsync(deviceId, keyIds, cancellationToken), keyIds);

    /// <summary>The tree to change: the device's row locked first (the lock order, Storage/Sql/DeviceLocks.cs), then the keys read.</summary>
    public static async Task<KeyTree> LoadForChangeAsync(IStoreSession session, ulong deviceId, IReadOnlyList<ulong> keyIds, CancellationToken cancellationToken)
    {
        await session.Devices.GetAsync(deviceId, forUpdate: true, cancellationToken);
        return await LoadAsync(session, deviceId, keyIds, cancellationToken);
    }

    public VirtualKey Get(ulong id) => byId.TryGetValue(id, out var key) ? key : throw KeyManager.NotFound(id);

    /// <summary>The key, its parent, … up to its root. A parent id that names no key of this device ends the chain.</summary>
    public IReadOnlyList<VirtualKey> Chain(VirtualKey key)
    {
        var chain = new List<VirtualKey> { byId.GetValueOrDefault(key.Id, key) };
        var seen = new HashSet<ulong> { key.Id };
        while (chain[^1].ParentKeyId is var parent and not 0 && byId.TryGetValue(parent, out var next) && seen.Add(parent))
        {
            chain.Add(next);
        }

        return chain;
    }

    /// <summary>0 for a root, 1 for a share of a root, …</summary>
    public int DepthOf(VirtualKey key) => Chain(key).Count - 1;

    public IReadOnlyList<VirtualKey> Children(VirtualKey key) =>
        childrenOf.TryGetValue(RequireWholeBelow(key).Id, out var ids) ? ids.Select(id => byId[id]).ToList() : [];

    /// <summary>The key and everything shared from it, depth first, each with its depth below the key.</summary>
    public IReadOnlyList<(VirtualKey Key, int Depth)> Subtree(VirtualKey key)
    {
        var found = new List<(VirtualKey, int)>();
        var seen = new HashSet<ulong>();
        var pending = new Stack<(ulong Id, int Depth)>();
        pending.Push((RequireWholeBelow(key).Id, 0));
        while (pending.TryPop(out var next))
        {
            if (!seen.Add(next.Id) || !byId.TryGetValue(next.Id, out var reached))
            {
                continue;
            }

            found.Add((reached, next.Depth));
            if (childrenOf.TryGetValue(next.Id, out var ids))
            {
                for (var i = ids.Count - 1; i >= 0; i--)
                {
                    pending.Push((ids[i], next.Depth + 1));
                }
            }
        }

        return found;
    }

    /// <summary>Records a change to a key of the tree: walks see it at once, <see cref="SaveAsync"/> writes it.</summary>
    public void Set(VirtualKey key)
    {
        if (!byId.ContainsKey(key.Id))
        {
            throw new InvalidOperationException($"Key {key.Id:x16} is not in this tree; a new key is inserted by its maker.");
        }

        byId[key.Id] = key;
        changed.Add(key.Id);
    }

    /// <summary>Writes every key changed through <see cref="Set"/>; returns how many.</summary>
    public async Task<int> SaveAsync(IStoreSession session, CancellationToken cancellationToken)
    {
        if (changed.Count > 0)
        {
            session.Devices.RequireLocked(deviceId, "changing keys");
        }

        foreach (var id in changed)
        {
            await session.Keys.UpdateAsync(byId[id], cancellationToken);
        }

        var count = changed.Count;
        changed.Clear();
        return count;
    }

    /// <summary>A walk down from a key above the named ones would miss its other shares, which were never read: a caller's bug, not the user's.</summary>
    private VirtualKey RequireWholeBelow(VirtualKey key) =>
        wholeBelow.Contains(key.Id) || !byId.ContainsKey(key.Id)
            ? key
            : throw new InvalidOperationException($"Key {key.Id:x16} is above the keys this tree was loaded for; load the tree for it to walk its shares.");

    private void Add(VirtualKey key)
    {
        if (!childrenOf.TryGetValue(key.ParentKeyId, out var ids))
        {
            childrenOf[key.ParentKeyId] = ids = [];
        }

        ids.Add(key.Id);
    }
}
