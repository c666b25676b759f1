namespace ShareKey.KeyService.Parking.Occupancy;

public interface IOccupancyTable
{
    /// <summary>Appends reports (the ids in the given records are ignored).</summary>
    Task AddAsync(IReadOnlyList<OccupancyRecord> records, CancellationToken cancellationToken);

    /// <summary>The space's reports, newest first.</summary>
    Task<IReadOnlyList<OccupancyRecord>> HistoryAsync(ulong spaceId, int limit, CancellationToken cancellationToken);
}
