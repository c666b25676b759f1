using ShareKey.KeyService.Storage;


namespace ShareKey.KeyService.Parking.Spaces;

public interface ISpaceTable
{
    /// <summary>Throws <see cref="StoreConflictException"/> when the id, the garage's space label or the lock is taken.</summary>
    Task InsertAsync(ParkingSpace space, CancellationToken cancellationToken);

    Task<ParkingSpace?> GetAsync(ulong id, CancellationToken cancellationToken);

    /// <summary>The space a parking lock is bound to, if any.</summary>
    Task<ParkingSpace?> ForDeviceAsync(ulong deviceId, CancellationToken cancellationToken);

    /// <summary>By garage, level and label; a garage's spaces when <paramref name="garageId"/> is given.</summary>
    Task<IReadOnlyList<ParkingSpace>> ListAsync(ulong? garageId, CancellationToken cancellationToken);

    /// <summary>Rewrites the rules. Returns false when the row is gone.</summary>
    Task<bool> UpdateRulesAsync(ulong id, SpaceRules rules, CancellationToken cancellationToken);
}
