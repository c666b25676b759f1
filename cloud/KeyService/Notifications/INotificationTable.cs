namespace ShareKey.KeyService.Notifications;

public interface INotificationTable
{
    /// <summary>Appends (its id is ignored); returns the new id, or null when this source already told this user this.</summary>
    Task<long?> InsertAsync(Notification notification, CancellationToken cancellationToken);

    /// <summary>
    /// <see cref="InsertAsync(Notification, CancellationToken)"/> for several, in order, together (one round trip on
    /// PostgreSQL); each one's new id, or null where its source already told its user this.
    /// </summary>
    Task<IReadOnlyList<long?>> InsertAsync(IReadOnlyList<Notification> notifications, CancellationToken cancellationToken);

    /// <summary>The user's notifications newest first, those older than <paramref name="beforeId"/> when given.</summary>
    Task<IReadOnlyList<Notification>> NewestAsync(ulong userId, long? beforeId, int limit, CancellationToken cancellationToken);

    /// <summary>The user's notifications after <paramref name="afterId"/>, oldest first (what a stream sends next).</summary>
    Task<IReadOnlyList<Notification>> AfterAsync(ulong userId, long afterId, int limit, CancellationToken cancellationToken);

    Task<Notification?> GetAsync(long id, CancellationToken cancellationToken);
}
