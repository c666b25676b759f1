using ShareKey.KeyService.Auth;
using ShareKey.KeyService.Storage;
using ShareKey.KeyService.Users;

namespace ShareKey.KeyService.Keys;

/// <summary>
/// What disabling a user does to the keys they hold: each live one is revoked, or frozen with an
/// operator's freeze (which neither the user nor a manager can lift), together with everything
/// shared from it, and every device concerned gets a bulletin.
/// </summary>
public sealed class HeldKeys(KeyManager keys, TimeProvider time) : IHeldKeys
{
    public async Task<string> StopAsync(IStoreSession session, Caller caller, ulong userId, HeldKeysAction action, CancellationToken cancellationToken)
    {
        if (action == HeldKeysAction.Keep)
        {
            return "keys-changed=0";
        }

        caller.RequireOperator("revoke or freeze every key of a user");
        var held = (await session.Keys.ListAsync(deviceId: null, userId, state: null, cancellationToken)).Where(KeyAuthority.IsLive).ToList();
        var now = time.GetUtcNow();
        var changed = 0;
        var announced = new List<string>();
        foreach (var device in held.GroupBy(key => key.DeviceId).OrderBy(group => group.Key))
        {
            var tree = await KeyTree.LoadForChangeAsync(session, device.Key, [.. device.Select(key => key.Id)], cancellationToken);
            var standingsChanged = 0;
            foreach (var key in device.Select(key => tree.Get(key.Id)))
            {
                standingsChanged += action == HeldKeysAction.Revoke
                    ? SubtreeStanding.Revoke(tree, key, now)
                    : key.Freeze is { Rank: KeyAuthority.OperatorRank } ? 0 : SubtreeStanding.SetFreeze(tree, key, new KeyFreeze(caller.UserId, KeyAuthority.OperatorRank, now), now);
            }

            await tree.SaveAsync(session, cancellationToken);
            changed += standingsChanged;
            if (standingsChanged > 0)
            {
                announced.Add(await keys.AnnounceAsync(session, device.Key, cancellationToken));
            }
        }

        return $"keys-changed={changed}" + (announced.Count == 0 ? string.Empty : " " + string.Join(' ', announced));
    }
}
