namespace ShareKey.KeyService.Vehicles;

public interface IBindingTable
{
    Task<Binding?> ActiveByImsiAsync(string imsi, CancellationToken cancellationToken);

    Task<Binding?> ActiveByVinAsync(string vin, CancellationToken cancellationToken);

    Task<Binding?> ActiveByDeviceAsync(ulong deviceId, CancellationToken cancellationToken);

    /// <summary>Every active binding of any of these VINs, of any of these IMSIs or of any of these devices, in one statement, each once.</summary>
    Task<IReadOnlyList<Binding>> ActiveOfAsync(IReadOnlyList<string> vins, IReadOnlyList<string> imsis, IReadOnlyList<ulong> deviceIds, CancellationToken cancellationToken);

    /// <summary>Inserts an active binding; returns its id. Conflicts if the VIN or IMSI is actively bound.</summary>
    Task<long> InsertAsync(string vin, string imsi, ulong deviceId, DateTimeOffset boundAt, CancellationToken cancellationToken);

    /// <summary><see cref="InsertAsync(string, string, ulong, DateTimeOffset, CancellationToken)"/> for each, the statements sent together. Conflicts if any VIN or IMSI is actively bound.</summary>
    Task InsertAsync(IReadOnlyList<(string Vin, string Imsi, ulong DeviceId)> bindings, DateTimeOffset boundAt, CancellationToken cancellationToken);

    Task EndAsync(long id, DateTimeOffset endedAt, string reason, CancellationToken cancellationToken);

    /// <summary>Every binding (active and ended) that names this VIN, newest first.</summary>
    Task<IReadOnlyList<Binding>> HistoryByVinAsync(string vin, CancellationToken cancellationToken);

    /// <summary>Every binding made through this device, newest first.</summary>
    Task<IReadOnlyList<Binding>> HistoryByDeviceAsync(ulong deviceId, CancellationToken cancellationToken);

    /// <summary>Records a contested BindRequest (see <see cref="BindingContest"/>).</summary>
    Task InsertContestAsync(string vin, string imsi, ulong deviceId, DateTimeOffset claimedAt, CancellationToken cancellationToken);

    /// <summary>The unresolved contests for this VIN, oldest first.</summary>
    Task<IReadOnlyList<BindingContest>> OpenContestsByVinAsync(string vin, CancellationToken cancellationToken);

    /// <summary>Resolves every open contest for this VIN with one resolution.</summary>
    Task ResolveContestsAsync(string vin, DateTimeOffset resolvedAt, string resolution, CancellationToken cancellationToken);
}
