namespace ShareKey.KeyService.Outbox;

/// <summary>How many down messages wait for an ack or a send, and when the oldest of them was queued.</summary>
public sealed record OutboxDepth(int Pending, DateTimeOffset? OldestCreatedAt);
