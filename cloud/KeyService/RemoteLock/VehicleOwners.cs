using ShareKey.KeyService.Auth;
using ShareKey.KeyService.Devices;
using ShareKey.KeyService.Keys;
using ShareKey.KeyService.Problems;
using ShareKey.KeyService.Storage;
using ShareKey.KeyService.Vehicles;

namespace ShareKey.KeyService.RemoteLock;

/// <summary>
/// Who may act on a car remotely (R3.3): its owners — holders of its live owner root keys (the key
/// authority model, <see cref="KeyAuthority.OwnersOfAsync"/>) — and operators. Nobody else: not a
/// renter, not a holder of a share, not the owner of another car, not another user of the fleet.
/// </summary>
public static class VehicleOwners
{
    /// <summary>The T-BOX the VIN is bound to, if the caller owns it or is an operator; refused otherwise.</summary>
    public static async Task<Device> RequireAsync(IStoreSession session, Caller caller, string vin, string what, CancellationToken cancellationToken)
    {
        var binding = await session.Bindings.ActiveByVinAsync(vin, cancellationToken)
            ?? throw new ServiceError(ErrorCode.VehicleNotBound, $"VIN {vin} is not bound to a T-BOX.");
        var device = await DeviceService.ActiveDeviceAsync(session, binding.DeviceId, cancellationToken);
        if (!caller.IsOperator && !(await KeyAuthority.OwnersOfAsync(session, device.Id, cancellationToken)).Contains(caller.UserId))
        {
            throw new ServiceError(ErrorCode.Forbidden, $"Only the owner of vehicle {vin} (the holder of its owner key) or an operator may {what}.");
        }

        return device;
    }
}
