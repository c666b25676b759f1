using ShareKey.KeyService.Auth;
using ShareKey.KeyService.Problems;
using ShareKey.KeyService.Storage;

namespace ShareKey.KeyService.Keys;

/// <summary>
/// Who stands how high over a key (docs/architecture.md §4, "Key authority"). A rank is a place in the
/// key's chain: 0 an operator; 1 the holder of the chain's root (the device's owner/manager for an
/// owner key, the renter for a rental's key); 2 the holder of a share of the root; and so on down
/// to the key's own holder. Smaller is higher. Only a live key (not revoked, not handed on by a
/// transfer) gives its holder a rank.
/// </summary>
public static class KeyAuthority
{
    public const int OperatorRank = 0;

    /// <summary>The rank of the caller over <paramref name="key"/>, or null when they stand nowhere in its chain.</summary>
    public static int? RankOver(Caller caller, KeyTree tree, VirtualKey key)
    {
        if (caller.IsOperator)
        {
            return OperatorRank;
        }

        var chain = tree.Chain(key);
        for (var i = chain.Count - 1; i >= 0; i--)
        {
            // A key's own holder keeps standing over it when it is dead, so they hear why nothing can be done.
            if (chain[i].HolderId == caller.UserId && (i == 0 || IsLive(chain[i])))
            {
                return chain.Count - i;
            }
        }

        return null;
    }

    /// <summary>The rank the key's own holder has over it.</summary>
    public static int HolderRank(KeyTree tree, VirtualKey key) => tree.DepthOf(key) + 1;

    /// <summary>The caller's rank over the key; refused when they have none.</summary>
    public static int Require(Caller caller, KeyTree tree, VirtualKey key, string what) =>
        RankOver(caller, tree, key) ?? throw new ServiceError(
            ErrorCode.Forbidden, $"You may {what} only for keys you hold, keys shared from them, or keys of a device you manage; key {key.Id:x16} is none of these.");

    /// <summary>The caller's rank over the key; refused unless they stand above its holder (the manager, a sharer above, an operator).</summary>
    public static int RequireAbove(Caller caller, KeyTree tree, VirtualKey key, string what)
    {
        var rank = Require(caller, tree, key, what);
        return rank < HolderRank(tree, key)
            ? rank
            : throw new ServiceError(ErrorCode.Forbidden, $"Only the manager of the device, a holder the key was shared down from, or an operator may {what}.");
    }

    /// <summary>"an operator", "the owner/manager", "a sharer 1 level below the owner" …, for messages and listings.</summary>
    public static string Describe(int rank) => rank switch
    {
        OperatorRank => "an operator",
        1 => "the root key's holder (owner/manager)",
        _ => $"a holder {rank - 1} share(s) below the root",
    };

    public static bool IsLive(VirtualKey key) => key.State is KeyState.Active or KeyState.Frozen;

    /// <summary>A device's managers: the holders of its live owner root keys, rank 1 over every key of the device.</summary>
    public static async Task<IReadOnlyList<ulong>> ManagersOfAsync(IStoreSession session, ulong deviceId, CancellationToken cancellationToken) =>
        (await session.Keys.LiveOfDeviceAsync(deviceId, cancellationToken))
            .Where(key => key.Type == KeyType.Owner && key.ParentKeyId == 0)
            .Select(key => key.HolderId)
            .Distinct()
            .ToList();

    /// <summary>Owners of a vehicle are, for now, its managers: the holders of its owner keys.</summary>
    public static Task<IReadOnlyList<ulong>> OwnersOfAsync(IStoreSession session, ulong deviceId, CancellationToken cancellationToken) =>
        ManagersOfAsync(session, deviceId, cancellationToken);
}
