namespace ShareKey.KeyService.RemoteLock;

/// <summary>
/// R3.2: the car reported a state of charge below its owner's threshold, so its owners were asked
/// whether to lock it. Open until answered with a remote lock, or until the charge is back above the
/// threshold (<see cref="ClosedReason"/> "answered" or "recovered").
/// </summary>
public sealed record ChargePrompt(
    long Id,
    ulong DeviceId,
    int Percent,
    int Threshold,
    DateTimeOffset CreatedAt,
    DateTimeOffset? ClosedAt,
    string? ClosedReason,
    long? RequestId);
