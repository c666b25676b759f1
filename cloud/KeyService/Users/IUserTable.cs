using ShareKey.KeyService.Storage;

namespace ShareKey.KeyService.Users;

public interface IUserTable
{
    /// <summary>Throws <see cref="StoreConflictException"/> when the id or the name is taken.</summary>
    Task InsertAsync(User user, CancellationToken cancellationToken);

    Task<User?> GetAsync(ulong id, CancellationToken cancellationToken);

    Task<User?> FindByNameAsync(string name, CancellationToken cancellationToken);

    /// <summary>A page of users by name (compared byte by byte): at most <paramref name="limit"/>, those named after <paramref name="after"/> if given, read in order off the names' unique index.</summary>
    Task<IReadOnlyList<User>> PageAsync(string? after, int limit, CancellationToken cancellationToken);

    Task<int> CountOperatorsAsync(CancellationToken cancellationToken);

    /// <summary>Every operator's id (whom the service's own troubles are told to), found among the operators alone, not every user.</summary>
    Task<IReadOnlyList<ulong>> OperatorIdsAsync(CancellationToken cancellationToken);

    /// <summary>Disables the user from <paramref name="disabledAt"/>, or enables them (null); false when there is no such user.</summary>
    Task<bool> SetDisabledAsync(ulong id, DateTimeOffset? disabledAt, CancellationToken cancellationToken);
}
