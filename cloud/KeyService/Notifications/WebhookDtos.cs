using ShareKey.KeyService.Api;

namespace ShareKey.KeyService.Notifications;

/// <summary>POST /v1/webhooks: where to send, and which notification types (none or empty = all).</summary>
public sealed record RegisterWebhookRequest(
    [Text(WebhookAddressRule.MaxUrlLength)] string? Url,
    [OneOf(typeof(NotificationType), MaxItems = 64)] IReadOnlyList<string>? Types);

/// <summary>POST /v1/webhooks/{id}/replay: which dead letters to send again (none = all of them).</summary>
public sealed record ReplayRequest(IReadOnlyList<long>? DeliveryIds);

public sealed record WebhookDto(string Id, string UserId, string Url, IReadOnlyList<NotificationType> Types, DateTimeOffset CreatedAt, DateTimeOffset? RemovedAt)
{
    public static WebhookDto Of(WebhookEndpoint e) => new(Ids.Format(e.Id), Ids.Format(e.UserId), e.Url, e.Types, e.CreatedAt, e.RemovedAt);
}

/// <summary>A new endpoint and its signing secret: the only time the secret is shown.</summary>
public sealed record RegisteredWebhookDto(WebhookDto Webhook, string Secret);

public sealed record DeliveryDto(
    long Id, string EventId, DeliveryState State, int Attempts, DateTimeOffset CreatedAt, DateTimeOffset? LastAttemptAt, DateTimeOffset NextAttemptAt,
    DateTimeOffset GiveUpAt, DateTimeOffset? DeliveredAt, int? LastStatus, string? LastError, NotificationDto Notification)
{
    public static DeliveryDto Of(WebhookDelivery d, Notification n) => new(
        d.Id, WebhookSender.EventId(n.Id), d.State, d.Attempts, d.CreatedAt, d.LastAttemptAt, d.NextAttemptAt, d.GiveUpAt, d.DeliveredAt, d.LastStatus, d.LastError, NotificationDto.Of(n));
}

public sealed record ReplayedDto(int Replayed);
