namespace ShareKey.KeyService.Notifications;

/// <summary>
/// A receiver a user registered: HTTPS (or HTTP when the operator allows it) URL, the notification
/// types it wants (empty = all), and its signing secret sealed under the master key. Removed
/// endpoints are kept (their deliveries stay inspectable) but get nothing new.
/// </summary>
public sealed record WebhookEndpoint(
    ulong Id,
    ulong UserId,
    string Url,
    IReadOnlyList<NotificationType> Types,
    byte[] SecretSealed,
    DateTimeOffset CreatedAt,
    DateTimeOffset? RemovedAt,
    DateTimeOffset PausedUntil)
{
    public bool Wants(NotificationType type) => Types.Count == 0 || Types.Contains(type);
}
