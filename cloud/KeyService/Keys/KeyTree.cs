using ShareKey.KeyService.Devices;
using ShareKey.KeyService.Storage;

namespace ShareKey.KeyService.Keys;

/// <summary>
/// One device's keys as the tree their parent links make: every key but a root (an operator-issued
/// owner or renter key) hangs under the key it was shared from. Loaded whole (a device holds tens of
/// keys, not millions) so chains and subtrees need no recursive SQL; changes made through
/// <see cref="Set"/> are seen by later walks and written by <see cref="SaveAsync"/>.
/// </summary>
public sealed class KeyTree
{
    private readonly ulong deviceId;
    private readonly Dictionary<ulong, VirtualKey> byId;
    private readonly Dictionary<ulong, List<ulong>> childrenOf = [];
    private readonly HashSet<ulong> changed = [];

    private KeyTree(ulong deviceId, IReadOnlyList<VirtualKey> keys)
    {
        this.deviceId = deviceId;
        byId = keys.ToDictionary(key => key.Id);
        foreach (var key in keys.Where(key => key.ParentKeyId != 0))
        {
            Add(key);
        }
    }

    public static async Task<KeyTree> LoadAsync(IStoreSession session, ulong deviceId, CancellationToken cancellationToken) =>
        new(deviceId, await session.Keys.ListAsync(deviceId, holderId: null, state: null, cancellationToken));

    /// <summary>The tree to change: the device's row locked first (the lock order, Storage/Sql/DeviceLocks.cs), then its keys read.</summary>
    public static async Task<KeyTree> LoadForChangeAsync(IStoreSession session, ulong deviceId, CancellationToken cancellationToken)
    {
        await session.Devices.GetAsync(deviceId, forUpdate: true, cancellationToken);
        return await LoadAsync(session, deviceId, cancellationToken);
    }

    public VirtualKey Get(ulong id) => byId.TryGetValue(id, out var key) ? key : throw KeyManager.NotFound(id);

    public IEnumerable<VirtualKey> All => byId.Values;

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
        childrenOf.TryGetValue(key.Id, out var ids) ? ids.Select(id => byId[id]).ToList() : [];

    /// <summary>The key and everything shared from it, depth first, each with its depth below the key.</summary>
    public IReadOnlyList<(VirtualKey Key, int Depth)> Subtree(VirtualKey key)
    {
        var found = new List<(VirtualKey, int)>();
        var seen = new HashSet<ulong>();
        var pending = new Stack<(ulong Id, int Depth)>();
        pending.Push((key.Id, 0));
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

    /// <summary>Records a changed key (walks see it at once; <see cref="SaveAsync"/> writes it) or a new one, which its maker inserts.</summary>
    public void Set(VirtualKey key)
    {
        var isNew = !byId.ContainsKey(key.Id);
        byId[key.Id] = key;
        if (isNew && key.ParentKeyId != 0)
        {
            Add(key);
        }

        if (!isNew)
        {
            changed.Add(key.Id);
        }
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

    private void Add(VirtualKey key)
    {
        if (!childrenOf.TryGetValue(key.ParentKeyId, out var ids))
        {
            childrenOf[key.ParentKeyId] = ids = [];
        }

        ids.Add(key.Id);
    }
}
