using ShareKey.KeyService.Auth;
using ShareKey.KeyService.Keys;
using ShareKey.KeyService.Storage;
using ShareKey.KeyService.Users;

namespace ShareKey.KeyService.Notifications;

/// <summary>
/// Who may hear about what: the one place that maps a device or key to people, following the key
/// authority model (<see cref="KeyAuthority"/>): a device's managers (and owners) hold its live owner
/// root keys — rank 1 over every key of the device — and hear about it; a key's holder hears about
/// their key; operators hear about the service's own troubles. Nobody else is ever a recipient.
/// </summary>
public static class RecipientResolver
{
    public static Task<IReadOnlyList<ulong>> ManagersOfAsync(IStoreSession session, ulong deviceId, CancellationToken cancellationToken) =>
        KeyAuthority.ManagersOfAsync(session, deviceId, cancellationToken);

    public static Task<IReadOnlyList<ulong>> OwnersOfAsync(IStoreSession session, ulong deviceId, CancellationToken cancellationToken) =>
        KeyAuthority.OwnersOfAsync(session, deviceId, cancellationToken);

    public static IReadOnlyList<ulong> HolderOf(VirtualKey key) => [key.HolderId];

    public static Task<IReadOnlyList<ulong>> OperatorsAsync(IStoreSession session, CancellationToken cancellationToken) =>
        session.Users.OperatorIdsAsync(cancellationToken);
}
