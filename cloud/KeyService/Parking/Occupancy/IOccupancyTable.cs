namespace ShareKey.KeyService.Parking.Occupancy;

public interface IOccupancyTable
{
    /// <summary>Appends reports (the ids in the given records are ignored).</summary>
    Task AddAsync(IReadOnlyList<OccupancyRecord> records, CancellationToken cancellationToken);

    /// <summary>The space's reports, newest first.</summary>
    Task<IReadOnlyList<OccupancyRecord>> HistoryAsync(ulong spaceId, int limit, CancellationToken cancellationToken);

    /// <summary>
    /// The space's earliest "occupied" report made (by its lock's clock, unix seconds) from
    /// <paramref name="fromDeviceTime"/> to <paramref name="untilDeviceTime"/>; null when there is none.
    /// </summary>
    Task<OccupancyRecord?> FirstOccupiedAsync(ulong spaceId, uint fromDeviceTime, uint untilDeviceTime, CancellationToken cancellationToken);

    /// <summary>Whether the space's lock made any report at or after <paramref name="deviceTime"/> (by its clock).</summary>
    Task<bool> ReportedSinceAsync(ulong spaceId, uint deviceTime, CancellationToken cancellationToken);
}
