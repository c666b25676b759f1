using ShareKey.KeyService.Auth;

namespace ShareKey.KeyService.Keys;

/// <summary>
/// How an application for a shared key (R1.1: POST /v1/keys with type shared) is granted: as a
/// share of an owner key of the vehicle, so the key goes when the owner key goes. Keys takes the
/// application; Sharing grants it (<c>ShareService</c>), where every other share is made.
/// </summary>
public interface ISharedKeyApplications
{
    Task<VirtualKey> ShareFromOwnerKeyAsync(Caller caller, KeyRequest application, CancellationToken cancellationToken);
}
