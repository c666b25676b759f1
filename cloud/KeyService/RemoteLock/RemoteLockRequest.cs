using ShareKey.Protocol.Messages;

namespace ShareKey.KeyService.RemoteLock;

/// <summary>
/// One remote lock or release an owner (or operator) authorised (R3.1): the RemoteLock it became
/// (<see cref="OutboxId"/>, <see cref="MessageId"/>) and how far the car has carried it out, from its
/// Ack and its remote-lock events. <see cref="PromptId"/> when it answered a low-charge prompt.
/// </summary>
public sealed record RemoteLockRequest(
    long Id,
    ulong DeviceId,
    RemoteLockAction Action,
    ulong RequestedBy,
    DateTimeOffset RequestedAt,
    long? PromptId,
    long OutboxId,
    uint MessageId,
    RemoteLockRequestState State,
    string? Reason,
    DateTimeOffset UpdatedAt);

public enum RemoteLockRequestState
{
    /// <summary>In the outbox, not acknowledged yet (the car may be offline: it gets it when back).</summary>
    Sent = 1,

    /// <summary>The car acked it applied; its events say what it did next.</summary>
    Accepted = 2,

    /// <summary>A lock the car accepted but waits to engage until it stands still with the ignition off.</summary>
    Armed = 3,

    /// <summary>The immobiliser and the charge-inlet lock are engaged.</summary>
    Engaged = 4,

    /// <summary>A release the car carried out.</summary>
    Released = 5,

    /// <summary>The car refused it (<see cref="RemoteLockRequest.Reason"/> says why).</summary>
    Refused = 6,

    /// <summary>A newer request for the same car replaced it before the car answered.</summary>
    Superseded = 7,
}
