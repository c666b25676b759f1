namespace ShareKey.KeyService.Notifications;

public interface INotificationTable
{
    /// <summary>Appends (its id is ignored); returns the new id, or null when this source already told this user this.</summary>
    Task<long?> InsertAsync(Notification notification, CancellationToken cancellationToken);

    /// <summary>The user's notifications newest first, those older than <paramref name="beforeId"/> when given.</summary>
    Task<IReadOnlyList<Notification>> NewestAsync(ulong userId, long? beforeId, int limit, CancellationToken cancellationToken);

    /// <summary>The user's notifications after <paramref name="afterId"/>, oldest first (what a stream sends next).</summary>
    Task<IReadOnlyList<Notification>> AfterAsync(ulong userId, long afterId, int limit, CancellationToken cancellationToken);

    Task<Notification?> GetAsync(long id, CancellationToken cancellationToken);
}
