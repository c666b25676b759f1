using ShareKey.KeyService.Devices;
using ShareKey.KeyService.Storage;

namespace ShareKey.KeyService.Keys;

/// <summary>
/// What moves a device on when the revocations and freezes in force no longer fit in one bulletin
/// (docs/protocol.md §4.5): a new epoch, under which the keys of the older ones stop mattering.
/// Keys asks for it; Rotation does it (<c>RotationService</c>), so a rotation is started, merged
/// and re-driven in one place. Called in the session that issued the bulletin, the device locked.
/// </summary>
public interface IBulletinOverflowHandler
{
    Task OnOverflowAsync(IStoreSession session, Device device, CancellationToken cancellationToken);
}
