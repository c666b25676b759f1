namespace ShareKey.KeyService.Rentals;

public interface IRentalTable
{
    /// <summary>Inserts the rental; returns its id.</summary>
    Task<long> InsertAsync(Rental rental, CancellationToken cancellationToken);

    Task<Rental?> GetAsync(long id, CancellationToken cancellationToken);

    Task<Rental?> ActiveForDeviceAsync(ulong deviceId, CancellationToken cancellationToken);

    Task<IReadOnlyList<Rental>> ListAsync(ulong? userId, ulong? deviceId, RentalState? state, CancellationToken cancellationToken);

    Task<bool> UpdateAsync(Rental rental, CancellationToken cancellationToken);
}
