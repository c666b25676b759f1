using ShareKey.KeyService.Vehicles;

namespace ShareKey.KeyService.Storage;

public interface IBindingTable
{
    Task<Binding?> ActiveByImsiAsync(string imsi, CancellationToken cancellationToken);

    Task<Binding?> ActiveByVinAsync(string vin, CancellationToken cancellationToken);

    Task<Binding?> ActiveByDeviceAsync(ulong deviceId, CancellationToken cancellationToken);

    /// <summary>Inserts an active binding; returns its id. Conflicts if the VIN or IMSI is actively bound.</summary>
    Task<long> InsertAsync(string vin, string imsi, ulong deviceId, DateTimeOffset boundAt, CancellationToken cancellationToken);

    Task EndAsync(long id, DateTimeOffset endedAt, string reason, CancellationToken cancellationToken);

    /// <summary>Every binding (active and ended) that names this VIN, newest first.</summary>
    Task<IReadOnlyList<Binding>> HistoryByVinAsync(string vin, CancellationToken cancellationToken);

    /// <summary>Every binding made through this device, newest first.</summary>
    Task<IReadOnlyList<Binding>> HistoryByDeviceAsync(ulong deviceId, CancellationToken cancellationToken);
}
