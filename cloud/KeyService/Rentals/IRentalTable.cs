namespace ShareKey.KeyService.Rentals;

public interface IRentalTable
{
    /// <summary>Inserts the rental; returns its id.</summary>
    Task<long> InsertAsync(Rental rental, CancellationToken cancellationToken);

    Task<Rental?> GetAsync(long id, CancellationToken cancellationToken);

    Task<Rental?> ActiveForDeviceAsync(ulong deviceId, CancellationToken cancellationToken);

    /// <summary>The user's rentals under way, newest first, found among the few active ones (rentals_active_user).</summary>
    Task<IReadOnlyList<Rental>> ActiveOfUserAsync(ulong userId, CancellationToken cancellationToken);

    /// <summary>
    /// A page of the rentals matching every filter given, newest first (by starts_at, then id): at most
    /// <paramref name="limit"/>, those after <paramref name="before"/> (the last rental of the page before) if given,
    /// read in that order off rentals_user for a user and rentals_starts for everyone's.
    /// </summary>
    Task<IReadOnlyList<Rental>> PageAsync(ulong? userId, RentalState? state, Rental? before, int limit, CancellationToken cancellationToken);

    Task<bool> UpdateAsync(Rental rental, CancellationToken cancellationToken);
}
