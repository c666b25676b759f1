using ShareKey.Protocol.Buffers;
using ShareKey.Protocol.Messages;

namespace ShareKey.KeyService.Outbox;

public sealed record OutboxDto(long Id, string DeviceId, uint MessageId, string Type, OutboxState State, int Attempts, int MaxAttempts, DateTimeOffset NextAttemptAt, DateTimeOffset CreatedAt, DateTimeOffset? AckedAt, string? AckStatus)
{
    public static OutboxDto Of(OutboxMessage m) => new(
        m.Id, Hex.OfId(m.DeviceId), m.MessageId, Names.Of(m.Type), m.State, m.Attempts, m.MaxAttempts, m.NextAttemptAt, m.CreatedAt, m.AckedAt,
        m.AckStatus is { } status ? Names.Of(status) : null);
}
