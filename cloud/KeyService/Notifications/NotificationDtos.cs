using System.Text.Json;
using ShareKey.KeyService.Api;

namespace ShareKey.KeyService.Notifications;

/// <summary>One notification as the feed, the stream and webhooks carry it; <see cref="Id"/> is the stable event id.</summary>
public sealed record NotificationDto(long Id, NotificationType Type, DateTimeOffset OccurredAt, DateTimeOffset CreatedAt, string? DeviceId, string? KeyId, JsonElement Data)
{
    /// <summary>The API's JSON on one line: one server-sent event's data, one webhook body.</summary>
    public static readonly JsonSerializerOptions WireJson = new(Api.Json.Options) { WriteIndented = false };

    public static NotificationDto Of(Notification n) => new(
        n.Id,
        n.Type,
        n.OccurredAt,
        n.CreatedAt,
        n.DeviceId is { } device ? Ids.Format(device) : null,
        n.KeyId is { } key ? Ids.Format(key) : null,
        JsonDocument.Parse(n.Data).RootElement.Clone());
}

/// <summary>A page of the feed, newest first; <see cref="NextBefore"/> fetches the next (older) page, null at the end.</summary>
public sealed record NotificationPageDto(IReadOnlyList<NotificationDto> Items, long? NextBefore);
