namespace ShareKey.KeyService.Devices;

public interface IDeviceReportTable
{
    /// <summary>Replaces the device's stored KeyReport with this one.</summary>
    Task SaveKeyReportAsync(DeviceKeyReport report, CancellationToken cancellationToken);

    /// <summary>Replaces each device's stored KeyReport (on PostgreSQL in one round trip); at most one report per device.</summary>
    Task SaveKeyReportsAsync(IReadOnlyList<DeviceKeyReport> reports, CancellationToken cancellationToken);

    Task<DeviceKeyReport?> KeyReportAsync(ulong deviceId, CancellationToken cancellationToken);

    /// <summary>The stored KeyReports of the devices that have one, in one statement, in no order.</summary>
    Task<IReadOnlyList<DeviceKeyReport>> KeyReportsAsync(IReadOnlyList<ulong> deviceIds, CancellationToken cancellationToken);

    /// <summary>Appends events, in order (the ids in the given records are ignored; on PostgreSQL in one round trip).</summary>
    Task AddEventsAsync(IReadOnlyList<DeviceEvent> events, CancellationToken cancellationToken);

    /// <summary>The device's newest events first.</summary>
    Task<IReadOnlyList<DeviceEvent>> EventsAsync(ulong deviceId, int limit, CancellationToken cancellationToken);
}
