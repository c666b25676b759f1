using ShareKey.KeyService.Auth;
using ShareKey.KeyService.Problems;
using ShareKey.KeyService.Storage;

namespace ShareKey.KeyService.Devices;

/// <summary>Boards as every feature reads them: listed, looked up, named in the audit log.</summary>
public sealed class DeviceService(IKeyStore store)
{
    public async Task<IReadOnlyList<Device>> ListAsync(Caller caller, DeviceKind? kind, DeviceState? state, CancellationToken cancellationToken)
    {
        caller.RequireOperator("list devices");
        await using var session = await store.BeginReadAsync(cancellationToken);
        return await session.Devices.ListAsync(kind, state, cancellationToken);
    }

    /// <summary>Reads a device that must exist and be in service.</summary>
    public static async Task<Device> ActiveDeviceAsync(IStoreSession session, ulong id, CancellationToken cancellationToken)
    {
        var device = await session.Devices.GetAsync(id, forUpdate: false, cancellationToken) ?? throw NotFound(id);
        return InService(device);
    }

    /// <summary>The device, when it is in service; else the refusal.</summary>
    public static Device InService(Device device) => device.State == DeviceState.Active
        ? device
        : throw new ServiceError(ErrorCode.DeviceDecommissioned, $"Device {device.Id:x16} is decommissioned.");

    public static ServiceError NotFound(ulong id) => new(ErrorCode.DeviceNotFound, $"No device {id:x16}; `sharekey device list` shows them.");

    public static string Target(ulong id) => $"device:{id:x16}";
}
