using ShareKey.KeyService.Storage;


namespace ShareKey.KeyService.Parking.Garages;

public interface IGarageTable
{
    /// <summary>Throws <see cref="StoreConflictException"/> when the id or the name (in any letter case) is taken.</summary>
    Task InsertAsync(Garage garage, CancellationToken cancellationToken);

    Task<Garage?> GetAsync(ulong id, CancellationToken cancellationToken);

    /// <summary>By name, without letter case.</summary>
    Task<Garage?> FindByNameAsync(string name, CancellationToken cancellationToken);

    /// <summary>By name.</summary>
    Task<IReadOnlyList<Garage>> ListAsync(CancellationToken cancellationToken);
}
