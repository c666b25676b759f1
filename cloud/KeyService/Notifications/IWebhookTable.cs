namespace ShareKey.KeyService.Notifications;

public interface IWebhookTable
{
    Task InsertEndpointAsync(WebhookEndpoint endpoint, CancellationToken cancellationToken);

    /// <summary>
    /// The endpoint, locked for the rest of the session when <paramref name="forUpdate"/>. A session
    /// that changes an endpoint's deliveries takes the endpoint's row first, then the deliveries'
    /// (removal, replay and the sender's record of an attempt all do).
    /// </summary>
    Task<WebhookEndpoint?> GetEndpointAsync(ulong id, bool forUpdate, CancellationToken cancellationToken);

    /// <summary>The user's endpoints not removed, oldest first; every user's when <paramref name="userId"/> is null.</summary>
    Task<IReadOnlyList<WebhookEndpoint>> ActiveEndpointsAsync(ulong? userId, CancellationToken cancellationToken);

    /// <summary>
    /// The user's endpoints not removed, oldest first, locked for the rest of the session: what a
    /// session creating deliveries takes before it inserts them, the endpoint's row first as removal
    /// does. A removal at the same moment has then either committed (its endpoint is not listed) or
    /// waits, and its cancel sees the deliveries created.
    /// </summary>
    Task<IReadOnlyList<WebhookEndpoint>> LockActiveEndpointsAsync(ulong userId, CancellationToken cancellationToken);

    Task<int> CountActiveEndpointsAsync(ulong userId, CancellationToken cancellationToken);

    /// <summary>Marks it removed and cancels what is still pending for it; returns how many were cancelled.</summary>
    Task<int> RemoveEndpointAsync(ulong id, DateTimeOffset at, CancellationToken cancellationToken);

    Task SetPausedUntilAsync(ulong endpointId, DateTimeOffset until, CancellationToken cancellationToken);

    Task InsertDeliveryAsync(WebhookDelivery delivery, CancellationToken cancellationToken);

    Task<WebhookDelivery?> GetDeliveryAsync(long id, CancellationToken cancellationToken);

    /// <summary>
    /// For up to <paramref name="limit"/> endpoints that are not paused and not in <paramref name="busy"/>,
    /// the oldest due pending delivery of each.
    /// </summary>
    Task<IReadOnlyList<WebhookDelivery>> DueAsync(DateTimeOffset now, IReadOnlyList<long> busy, int limit, CancellationToken cancellationToken);

    /// <summary>Counts an attempt and moves the next one to <paramref name="leaseUntil"/>; false when another claimed it first.</summary>
    Task<bool> ClaimAsync(long id, DateTimeOffset now, DateTimeOffset leaseUntil, CancellationToken cancellationToken);

    Task UpdateDeliveryAsync(WebhookDelivery delivery, CancellationToken cancellationToken);

    /// <summary>Parks the endpoint's pending deliveries whose give-up time has passed as dead; returns how many.</summary>
    Task<int> ExpireAsync(ulong endpointId, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Dead deliveries of the endpoint (all, or those listed) back to pending, due now, with a fresh give-up time; returns how many.</summary>
    Task<int> ReplayAsync(ulong endpointId, IReadOnlyList<long>? deliveryIds, DateTimeOffset now, DateTimeOffset giveUpAt, CancellationToken cancellationToken);

    /// <summary>The endpoint's deliveries in one state, newest first.</summary>
    Task<IReadOnlyList<WebhookDelivery>> DeliveriesAsync(ulong endpointId, DeliveryState state, int limit, CancellationToken cancellationToken);

    /// <summary>The soonest next attempt of any pending delivery of an endpoint not paused past it.</summary>
    Task<DateTimeOffset?> NextDueAsync(CancellationToken cancellationToken);
}
