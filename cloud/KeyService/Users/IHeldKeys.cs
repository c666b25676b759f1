using ShareKey.KeyService.Auth;
using ShareKey.KeyService.Storage;

namespace ShareKey.KeyService.Users;

/// <summary>
/// The keys a user holds, as disabling the user sees them. Implemented by the key feature, so
/// users need not know how keys, trees and bulletins work.
/// </summary>
public interface IHeldKeys
{
    /// <summary>Revokes or freezes (as an operator) every live key the user holds and what was shared from it, and tells the devices; returns a line for the audit.</summary>
    Task<string> StopAsync(IStoreSession session, Caller caller, ulong userId, HeldKeysAction action, CancellationToken cancellationToken);
}
