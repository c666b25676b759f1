using System.Text.Json.Nodes;

namespace ShareKey.KeyService.Notifications;

/// <summary>What the rules make of one source record: a type, the people to tell, and what to tell them.</summary>
public sealed record DerivedNotification(
    NotificationType Type,
    IReadOnlyList<ulong> Recipients,
    DateTimeOffset OccurredAt,
    ulong? DeviceId,
    ulong? KeyId,
    JsonObject Data);
