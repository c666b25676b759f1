using ShareKey.Protocol.Messages;

namespace ShareKey.KeyService.Outbox;

/// <summary>
/// One down message to one device (docs/protocol.md §9.5): the encoded frame, sent and re-sent
/// unchanged (same message id) until the device acks it or <see cref="MaxAttempts"/> is spent.
/// </summary>
public sealed record OutboxMessage(
    long Id,
    ulong DeviceId,
    uint MessageId,
    MessageType Type,
    byte[] Frame,
    OutboxState State,
    int Attempts,
    int MaxAttempts,
    TimeSpan AckTimeout,
    DateTimeOffset NextAttemptAt,
    DateTimeOffset CreatedAt,
    DateTimeOffset? LastAttemptAt,
    DateTimeOffset? AckedAt,
    AckStatus? AckStatus,
    long? RotationId);

public enum OutboxState
{
    /// <summary>Not sent yet, or its ack timed out and a resend is due at NextAttemptAt.</summary>
    Pending = 1,

    /// <summary>The device answered with an Ack (any status).</summary>
    Acked = 2,

    /// <summary>Every attempt went unanswered.</summary>
    Abandoned = 3,

    /// <summary>No longer needed (the device was decommissioned, or a newer message replaced it).</summary>
    Cancelled = 4,
}
