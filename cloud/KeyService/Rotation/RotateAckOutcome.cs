namespace ShareKey.KeyService.Rotation;

/// <summary>
/// What a batch of Rotate acks did (<see cref="RotationService.OnAcksAsync"/>): per ack, in order, whether
/// its outbox message is settled; and the devices whose rotation was confirmed, each with its Commit
/// queued in the same session.
/// </summary>
public sealed record RotateAckOutcome(IReadOnlyList<bool> Settled, IReadOnlySet<ulong> Confirmed);
