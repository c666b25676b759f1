using ShareKey.KeyService.Storage;

namespace ShareKey.KeyService.Users;

public interface IUserTable
{
    /// <summary>Throws <see cref="StoreConflictException"/> when the id or the name is taken.</summary>
    Task InsertAsync(User user, CancellationToken cancellationToken);

    Task<User?> GetAsync(ulong id, CancellationToken cancellationToken);

    Task<User?> FindByNameAsync(string name, CancellationToken cancellationToken);

    /// <summary>Every user, by name.</summary>
    Task<IReadOnlyList<User>> ListAsync(CancellationToken cancellationToken);

    Task<int> CountOperatorsAsync(CancellationToken cancellationToken);

    /// <summary>Disables the user from <paramref name="disabledAt"/>, or enables them (null); false when there is no such user.</summary>
    Task<bool> SetDisabledAsync(ulong id, DateTimeOffset? disabledAt, CancellationToken cancellationToken);
}
