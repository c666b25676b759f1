namespace ShareKey.KeyService.Notifications;

/// <summary>
/// One thing one user is told. <see cref="Id"/> grows in commit order (one pipeline writes them), so
/// it is the feed's cursor, the stream's event id and the webhook event id. <see cref="Source"/> names
/// the durable record it came from ("audit:17", "event:42"); <see cref="Data"/> is a JSON object.
/// </summary>
public sealed record Notification(
    long Id,
    ulong UserId,
    NotificationType Type,
    DateTimeOffset OccurredAt,
    DateTimeOffset CreatedAt,
    ulong? DeviceId,
    ulong? KeyId,
    string Source,
    string Data);
