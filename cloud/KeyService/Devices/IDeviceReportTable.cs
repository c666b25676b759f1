namespace ShareKey.KeyService.Devices;

public interface IDeviceReportTable
{
    /// <summary>Replaces the device's stored KeyReport with this one.</summary>
    Task SaveKeyReportAsync(DeviceKeyReport report, CancellationToken cancellationToken);

    Task<DeviceKeyReport?> KeyReportAsync(ulong deviceId, CancellationToken cancellationToken);

    /// <summary>Appends events (the ids in the given records are ignored).</summary>
    Task AddEventsAsync(IReadOnlyList<DeviceEvent> events, CancellationToken cancellationToken);

    /// <summary>The device's newest events first.</summary>
    Task<IReadOnlyList<DeviceEvent>> EventsAsync(ulong deviceId, int limit, CancellationToken cancellationToken);
}
