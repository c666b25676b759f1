using ShareKey.KeyService.Auth;
using ShareKey.KeyService.Storage;
using ShareKey.KeyService.Users;

namespace ShareKey.KeyService.Rentals;

/// <summary>
/// Disabling a renter with their keys revoked returns their active rentals (revocation, bulletin,
/// rotation — as a return does), so a car is not held for someone who can no longer use it. Frozen
/// or kept keys leave the rentals running: the operator may enable the user again.
/// </summary>
public sealed class DisabledRenter(RentalService rentals) : IHeldKeys
{
    public async Task<string> StopAsync(IStoreSession session, Caller caller, ulong userId, HeldKeysAction action, CancellationToken cancellationToken)
    {
        if (action != HeldKeysAction.Revoke)
        {
            return "rentals-returned=0";
        }

        var active = await session.Rentals.ActiveOfUserAsync(userId, cancellationToken);
        var returned = 0;
        // Devices in ascending id order, as the lock order wants (Storage/Sql/DeviceLocks.cs).
        foreach (var listed in active.OrderBy(rental => rental.DeviceId))
        {
            // Returned meanwhile by its renter: nothing left to do for it.
            if (await RentalService.UnderCarLockAsync(session, listed, cancellationToken) is { State: RentalState.Active } rental)
            {
                await rentals.ReturnInSessionAsync(session, caller, rental, cancellationToken);
                returned++;
            }
        }

        return $"rentals-returned={returned}";
    }
}
