using ShareKey.KeyService.Auth;
using ShareKey.KeyService.Problems;
using ShareKey.KeyService.Storage;

namespace ShareKey.KeyService.Devices;

/// <summary>Boards as every feature reads them: listed, looked up, named in the audit log.</summary>
public sealed class DeviceService(IKeyStore store)
{
    /// <summary>
    /// A page of boards in the order provisioned (operators): the one in service named <paramref name="name"/> (names are
    /// unique among them, compared without letter case) if given, else those after <paramref name="after"/>, the last
    /// device of the page before; not both.
    /// </summary>
    public async Task<IReadOnlyList<Device>> PageAsync(Caller caller, DeviceKind? kind, DeviceState? state, string? name, ulong? after, int limit, CancellationToken cancellationToken)
    {
        caller.RequireOperator("list devices");
        if (name is not null && after is not null)
        {
            throw new ServiceError(ErrorCode.InvalidRequest, "Give name (the one board in service of that name) or after (the next page), not both.");
        }

        await using var session = await store.BeginReadAsync(cancellationToken);
        if (name is not null)
        {
            return await session.Devices.FindActiveByNameAsync(name, cancellationToken) is { } named && named.Kind == (kind ?? named.Kind) && named.State == (state ?? named.State)
                ? [named]
                : [];
        }

        Device? cursor = null;
        if (after is { } afterId)
        {
            cursor = await session.Devices.GetAsync(afterId, forUpdate: false, cancellationToken)
                ?? throw new ServiceError(ErrorCode.InvalidRequest, "after must be the nextAfter of an earlier page.");
        }

        return await session.Devices.PageAsync(kind, state, cursor, limit, cancellationToken);
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
