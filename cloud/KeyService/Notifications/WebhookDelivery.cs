namespace ShareKey.KeyService.Notifications;

/// <summary>
/// One notification on its way to one endpoint: the webhook outbox. Claiming a delivery counts the
/// attempt and pushes <see cref="NextAttemptAt"/> past the request timeout, so a crash mid-request
/// means a retry, never a loss. Past <see cref="GiveUpAt"/> a failure parks it as dead.
/// </summary>
public sealed record WebhookDelivery(
    long Id,
    ulong EndpointId,
    long NotificationId,
    DeliveryState State,
    int Attempts,
    DateTimeOffset NextAttemptAt,
    DateTimeOffset GiveUpAt,
    DateTimeOffset CreatedAt,
    DateTimeOffset? LastAttemptAt,
    DateTimeOffset? DeliveredAt,
    int? LastStatus,
    string? LastError);

public enum DeliveryState
{
    Pending = 1,
    Delivered = 2,

    /// <summary>Given up on after retrying for the configured time; the owner may replay it.</summary>
    Dead = 3,

    /// <summary>Its endpoint was removed before it went out.</summary>
    Cancelled = 4,
}
