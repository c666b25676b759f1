using ShareKey.KeyService.Auth;
using ShareKey.KeyService.Keys;
using ShareKey.KeyService.Problems;
using ShareKey.KeyService.Storage;

namespace ShareKey.KeyService.Parking.Spaces;

/// <summary>
/// Who stands where over a space, by the key-authority model: its managers hold live owner root
/// keys of its lock (<see cref="KeyAuthority.ManagersOfAsync"/>), a renter holds a live key of
/// the lock, operators stand over everything.
/// </summary>
public static class SpaceAuthority
{
    public static Task<IReadOnlyList<ulong>> ManagersAsync(IStoreSession session, ParkingSpace space, CancellationToken cancellationToken) =>
        KeyAuthority.ManagersOfAsync(session, space.DeviceId, cancellationToken);

    public static async Task<bool> ManagesAsync(IStoreSession session, Caller caller, ParkingSpace space, CancellationToken cancellationToken) =>
        caller.IsOperator || (await ManagersAsync(session, space, cancellationToken)).Contains(caller.UserId);

    /// <summary>Refused unless the caller is an operator or one of the space's managers.</summary>
    public static async Task RequireManagerAsync(IStoreSession session, Caller caller, ParkingSpace space, string what, CancellationToken cancellationToken)
    {
        if (!await ManagesAsync(session, caller, space, cancellationToken))
        {
            throw new ServiceError(ErrorCode.Forbidden, $"Only the space's manager (the holder of its lock's owner key) or an operator may {what}; you manage space {space.SpaceId} of no lock.");
        }
    }

    /// <summary>A manager, an operator, or a holder of a live key of the space's lock (a renter in their window).</summary>
    public static async Task RequireHolderOrManagerAsync(IStoreSession session, Caller caller, ParkingSpace space, TimeProvider time, string what, CancellationToken cancellationToken)
    {
        if (await ManagesAsync(session, caller, space, cancellationToken))
        {
            return;
        }

        var now = time.GetUtcNow().ToUnixTimeSeconds();
        // Among the lock's live keys (at most a bulletin's worth), not every key the caller ever held for it: a regular's
        // every past booking left one.
        var live = await session.Keys.LiveOfDeviceAsync(space.DeviceId, cancellationToken);
        if (!live.Any(key => key.HolderId == caller.UserId && key.State == KeyState.Active && key.NotBefore <= now && now <= key.NotAfter))
        {
            throw new ServiceError(ErrorCode.Forbidden, $"You may {what} only of a space you hold a live key for, or manage; space {space.SpaceId} is neither.");
        }
    }
}
