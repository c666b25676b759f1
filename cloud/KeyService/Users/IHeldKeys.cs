using ShareKey.KeyService.Auth;
using ShareKey.KeyService.Storage;

namespace ShareKey.KeyService.Users;

/// <summary>
/// The keys a user holds, as disabling the user sees them. Implemented by the features that hold
/// them for a user (keys; rentals, which end when their keys are revoked), so users need not know
/// how keys, trees, bulletins and rentals work. Each runs in the disable's transaction, in the order
/// registered.
/// </summary>
public interface IHeldKeys
{
    /// <summary>Revokes or freezes (as an operator) what the user holds and what was shared from it, and tells the devices; returns a part of the audit line.</summary>
    Task<string> StopAsync(IStoreSession session, Caller caller, ulong userId, HeldKeysAction action, CancellationToken cancellationToken);
}
