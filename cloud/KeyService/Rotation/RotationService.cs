using System.Security.Cryptography;
using Microsoft.Extensions.Options;
using ShareKey.KeyService.Api;
using ShareKey.KeyService.Audit;
using ShareKey.KeyService.Devices;
using ShareKey.KeyService.Keys;
using ShareKey.KeyService.Metrics;
using ShareKey.KeyService.Outbox;
using ShareKey.KeyService.Storage;
using ShareKey.Protocol.Messages;
using ShareKey.Protocol.Security;

namespace ShareKey.KeyService.Rotation;

/// <summary>
/// The rotation state machine of R0 and docs/architecture.md §4. Each transition is one store session, so a
/// crash (kill -9 included) leaves the rotation in a state it resumes from:
/// <code>
///   Sending ──ack with a valid proof──▶ Confirmed (device epoch = new, Commit sent, keys re-issued)
///      │  ▲                                       
///      │  └─ re-drive (same epoch and key, new message id) ◀── GaveUp ◀── every attempt unanswered
///      └──── device refused the key (bad wrap / older epoch) ──▶ Failed
/// </code>
/// Until Confirmed the device row keeps the old epoch, so every key issued meanwhile is under the
/// backup (R0.4), and nothing is ever issued under an epoch the device has not proven it holds.
/// </summary>
public sealed class RotationService(DeviceCrypto crypto, OutboxWriter outbox, BulletinIssuer bulletins, AuditLog audit, RotationMetrics metrics, TimeProvider time, IOptions<RotationOptions> options) : IAbandonedMessageHandler, IBulletinOverflowHandler
{
    /// <summary>
    /// Starts a rotation of <paramref name="device"/>, or — when one is already open — sends it again
    /// with the revocations now in force. Never a second epoch on top of an unconfirmed one: the
    /// device could then drop the backup epoch that keys are being served from.
    /// <paramref name="revokedKeyIds"/> are the revocations that prompted it (audited); the Rotate
    /// itself lists every revocation in force (<see cref="BulletinIssuer.RevokedInForceAsync"/>).
    /// </summary>
    public async Task<RotationRecord> StartAsync(IStoreSession session, Device device, RotationCause cause, long? rentalId, IReadOnlyCollection<ulong> revokedKeyIds, string actor, CancellationToken cancellationToken) =>
        (await StartAsync(session, [device], cause, rentalId, revokedKeyIds, actor, cancellationToken))[0];

    /// <summary>
    /// <see cref="StartAsync(IStoreSession, Device, RotationCause, long?, IReadOnlyCollection{ulong}, string, CancellationToken)"/>
    /// for each of <paramref name="devices"/> (distinct, each locked by this session), in one pass:
    /// each step's statements for all of them go together (on PostgreSQL one round trip per step,
    /// not one per device). Returns the rotations in the order of <paramref name="devices"/>.
    /// </summary>
    public async Task<IReadOnlyList<RotationRecord>> StartAsync(IStoreSession session, IReadOnlyList<Device> devices, RotationCause cause, long? rentalId, IReadOnlyCollection<ulong> revokedKeyIds, string actor, CancellationToken cancellationToken)
    {
        foreach (var device in devices)
        {
            session.Devices.RequireLocked(device.Id, "starting a rotation");
        }

        var now = time.GetUtcNow();
        var open = (await session.Rotations.OpenForDevicesAsync([.. devices.Select(device => device.Id)], cancellationToken)).ToDictionary(rotation => rotation.DeviceId);
        var sent = await SendAsync(
            session,
            devices,
            [.. devices.Select(device => open.TryGetValue(device.Id, out var merged)
                ? merged with { State = RotationState.Sending, RedriveAt = null, UpdatedAt = now }
                : NewRotation(device, cause, rentalId, now))],
            cancellationToken);
        await session.Audit.AppendWithCommitAsync(
            [.. sent.Select(rotation => open.ContainsKey(rotation.DeviceId)
                ? Ok(actor, "rotation.merge", rotation.DeviceId, $"rotation={rotation.Id} epoch={rotation.ToEpoch} cause={Json.Name(cause)} revoked={revokedKeyIds.Count} listed={rotation.RevokedKeyIds.Length}")
                : Ok(actor, "rotation.start", rotation.DeviceId, $"rotation={rotation.Id} epoch={rotation.FromEpoch}->{rotation.ToEpoch} cause={Json.Name(cause)} revoked={revokedKeyIds.Count} listed={rotation.RevokedKeyIds.Length}"))],
            cancellationToken);
        return sent;
    }

    private RotationRecord NewRotation(Device device, RotationCause cause, long? rentalId, DateTimeOffset now)
    {
        var newKey = RandomNumberGenerator.GetBytes(KeyWrap.EpochKeyLength);
        var toEpoch = device.Epoch + 1;
        return new RotationRecord(
            Id: 0,
            device.Id,
            cause,
            rentalId,
            device.Epoch,
            BackupKeySealed: device.EpochKeySealed,
            toEpoch,
            crypto.SealEpochKey(device.Id, toEpoch, newKey),
            RevokedKeyIds: [],
            RotationState.Sending,
            OutboxId: null,
            Redrives: 0,
            CreatedAt: now,
            UpdatedAt: now,
            ConfirmedAt: null,
            RedriveAt: null,
            LastError: null);
    }

    /// <summary>
    /// Acks for Rotates we sent, each from a different device this session locked, in one pass: what
    /// they need is read, and what they change written, for all of them together (on PostgreSQL one
    /// round trip per step, not one per ack). For each, in order: true when its outbox message is
    /// settled (confirmed, or refused for good); false when the ack did not prove anything and
    /// resending must go on; and the devices whose rotation was confirmed (each with its Commit
    /// queued in this session). Every proof is verified, one by one.
    /// </summary>
    public async Task<RotateAckOutcome> OnAcksAsync(IStoreSession session, IReadOnlyList<(Device Device, OutboxMessage Sent, AckMessage Ack)> acks, CancellationToken cancellationToken)
    {
        foreach (var (device, _, _) in acks)
        {
            session.Devices.RequireLocked(device.Id, "confirming a rotation");
        }

        if (acks.DistinctBy(ack => ack.Device.Id).Count() != acks.Count)
        {
            throw new InvalidOperationException("One ack per device at a time: a device's later ack must see what its earlier one did.");
        }

        var rotationIds = acks.Where(ack => ack.Sent.RotationId is not null).Select(ack => ack.Sent.RotationId!.Value).ToList();
        var stored = (await session.Rotations.GetAsync(rotationIds, cancellationToken)).OfType<RotationRecord>().ToDictionary(rotation => rotation.Id);
        var now = time.GetUtcNow();
        var settled = new bool[acks.Count];
        var confirms = new List<(Device Device, RotationRecord Rotation, OutboxMessage Acked)>();
        var stale = new List<(Device Device, RotationRecord Rotation)>();
        var refused = new List<RotationRecord>();
        var entries = new List<AuditEntry>();
        for (var i = 0; i < acks.Count; i++)
        {
            var (device, sent, ack) = acks[i];
            settled[i] = true;
            if (sent.RotationId is not { } rotationId || !stored.TryGetValue(rotationId, out var rotation) || rotation.State is RotationState.Confirmed or RotationState.Failed)
            {
                continue;
            }

            var actor = AuditLog.DeviceActor(device.Id);
            switch (ack.Status)
            {
                case AckStatus.Applied:
                    var newKey = crypto.EpochKey(device.Id, rotation.ToEpoch, rotation.NewKeySealed);
                    var expected = DeviceCrypto.Macs.AckProof(newKey, device.Id, rotation.ToEpoch, sent.MessageId);
                    if (ack.Epoch != rotation.ToEpoch || !ConstantTime.Equals(expected, ack.Proof))
                    {
                        refused.Add(rotation with { LastError = $"ack for message {sent.MessageId} carried a proof that does not verify; still waiting", UpdatedAt = now });
                        entries.Add(new AuditEntry(0, now, actor, "rotation.ack", Target(device.Id), "bad-proof", $"rotation={rotation.Id} epoch={ack.Epoch}"));
                        settled[i] = false;
                    }
                    else
                    {
                        confirms.Add((device, rotation, sent));
                    }

                    break;

                case AckStatus.Stale:
                    // The device's id window moved past this message (docs/protocol.md §9.5): same rotation, fresh id.
                    stale.Add((device, rotation with { State = RotationState.Sending, UpdatedAt = now }));
                    break;

                default:
                    refused.Add(rotation with { State = RotationState.Failed, LastError = $"device answered {Names.Of(ack.Status)}", UpdatedAt = now });
                    entries.Add(new AuditEntry(0, now, actor, "rotation.ack", Target(device.Id), ack.Status.ToString().ToLowerInvariant(), $"rotation={rotation.Id} epoch={rotation.ToEpoch}"));
                    break;
            }
        }

        await ConfirmAsync(session, confirms, refused, cancellationToken);
        await SendAsync(session, [.. stale.Select(resend => resend.Device)], [.. stale.Select(resend => resend.Rotation)], cancellationToken);
        await session.Audit.AppendWithCommitAsync(entries, cancellationToken);

        return new RotateAckOutcome(settled, confirms.Select(confirm => confirm.Device.Id).ToHashSet());
    }

    /// <summary>A bulletin overflowed (docs/protocol.md §4.5): a new epoch leaves the keys of the older ones behind.</summary>
    public Task OnOverflowAsync(IStoreSession session, Device device, CancellationToken cancellationToken) =>
        StartAsync(session, device, RotationCause.Operator, rentalId: null, [], AuditLog.ServiceActor, cancellationToken);

    /// <summary>Every send of the Rotate went unanswered (R0.4): serve from the backup, re-drive later. Other abandoned messages change no rotation.</summary>
    public async Task OnAbandonedAsync(IStoreSession session, OutboxMessage abandoned, CancellationToken cancellationToken)
    {
        session.Devices.RequireLocked(abandoned.DeviceId, "giving up a rotation");
        if (abandoned.Type != MessageType.Rotate || abandoned.RotationId is not { } rotationId || await session.Rotations.GetAsync(rotationId, cancellationToken) is not { } rotation
            || rotation.State != RotationState.Sending || rotation.OutboxId != abandoned.Id)
        {
            return;
        }

        var now = time.GetUtcNow();
        await session.Rotations.UpdateAsync(rotation with
        {
            State = RotationState.GaveUp,
            RedriveAt = now + options.Value.RedriveAfter,
            LastError = $"no ack after {abandoned.Attempts} sends; serving epoch {rotation.FromEpoch} from the backup",
            UpdatedAt = now,
        }, cancellationToken);
        await audit.AppendAsync(session, AuditLog.ServiceActor, "rotation.give-up", Target(rotation.DeviceId), $"rotation={rotation.Id} epoch={rotation.ToEpoch} attempts={abandoned.Attempts}", cancellationToken);
    }

    /// <summary>Sends a given-up rotation again (the same epoch and key), now.</summary>
    public async Task<RotationRecord> RedriveAsync(IStoreSession session, Device device, RotationRecord rotation, string actor, CancellationToken cancellationToken)
    {
        session.Devices.RequireLocked(device.Id, "re-driving a rotation");
        var resent = (await SendAsync(session, [device], [rotation with { State = RotationState.Sending, Redrives = rotation.Redrives + 1, RedriveAt = null, UpdatedAt = time.GetUtcNow() }], cancellationToken))[0];
        await audit.AppendAsync(session, actor, "rotation.redrive", Target(device.Id), $"rotation={rotation.Id} epoch={rotation.ToEpoch} redrives={resent.Redrives}", cancellationToken);
        return resent;
    }

    /// <summary>
    /// Confirms each rotation whose device proved it holds the new key (each device read in this
    /// session, locked for update, before its rotation was read), and writes <paramref name="refused"/>
    /// (the other acks' rotation changes) with theirs.
    /// </summary>
    private async Task ConfirmAsync(IStoreSession session, IReadOnlyList<(Device Device, RotationRecord Rotation, OutboxMessage Acked)> confirms, IReadOnlyList<RotationRecord> refused, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var current = confirms.Select(confirm => confirm.Device with { Epoch = confirm.Rotation.ToEpoch, EpochKeySealed = confirm.Rotation.NewKeySealed }).ToList();
        await session.Devices.UpdateAsync(current, cancellationToken);
        await session.Rotations.UpdateAsync(
            [.. confirms.Select(confirm => confirm.Rotation with { State = RotationState.Confirmed, BackupKeySealed = null, ConfirmedAt = now, RedriveAt = null, LastError = null, UpdatedAt = now }), .. refused],
            cancellationToken);
        var reissued = await session.Keys.MoveToEpochAsync([.. confirms.Select(confirm => (confirm.Device.Id, confirm.Rotation.ToEpoch))], now, cancellationToken);
        // A proof that came for an earlier send of its rotation: the latest one needs no more resends.
        await session.Outbox.CancelPendingAsync(
            [.. confirms.Where(confirm => confirm.Rotation.OutboxId is { } latestId && latestId != confirm.Acked.Id).Select(confirm => confirm.Rotation.OutboxId!.Value)],
            cancellationToken);
        await QueueCommitsAsync(session, [.. current.Select((device, i) => (device, (long?)confirms[i].Rotation.Id))], cancellationToken);
        foreach (var (_, rotation, acked) in confirms)
        {
            metrics.Confirmed(rotation, acked.LastAttemptAt ?? acked.CreatedAt, now);
        }

        await audit.AppendAsync(
            session,
            [.. confirms.Select((confirm, i) => (AuditLog.DeviceActor(confirm.Device.Id), "rotation.confirm", Target(confirm.Device.Id), $"rotation={confirm.Rotation.Id} epoch={confirm.Rotation.ToEpoch} keys-reissued={reissued[i]}"))],
            cancellationToken);
    }

    /// <summary>
    /// The one place a Commit is queued: for the device's current epoch, when its rotation is
    /// confirmed (<paramref name="rotationId"/>), and again when a KeyReport shows the device still
    /// keeps its backup with no Commit on its way (the uplink's repair, paced there).
    /// </summary>
    public async Task<OutboxMessage> QueueCommitAsync(IStoreSession session, Device device, long? rotationId, CancellationToken cancellationToken) =>
        (await QueueCommitsAsync(session, [(device, rotationId)], cancellationToken))[0];

    /// <summary><see cref="QueueCommitAsync"/> for each device, the statements of all of them batched.</summary>
    public Task<IReadOnlyList<OutboxMessage>> QueueCommitsAsync(IStoreSession session, IReadOnlyList<(Device Device, long? RotationId)> commits, CancellationToken cancellationToken) =>
        outbox.EnqueueAsync(session, [.. commits.Select(commit => new QueuedMessage(commit.Device, new CommitMessage { Epoch = commit.Device.Epoch }, commit.RotationId))], cancellationToken);

    /// <summary>
    /// Queues a Rotate for each rotation's epoch and key (to the device at the same place), listing the
    /// revocations in force now, cancelling an earlier send still pending; each step batched over all.
    /// A rotation not stored yet (id 0) is inserted naming its Rotate (the message's id reserved first),
    /// so that a new rotation is written once; a stored one is updated.
    /// </summary>
    private async Task<IReadOnlyList<RotationRecord>> SendAsync(IStoreSession session, IReadOnlyList<Device> devices, IReadOnlyList<RotationRecord> rotations, CancellationToken cancellationToken)
    {
        if (rotations.Count == 0)
        {
            return [];
        }

        await session.Outbox.CancelPendingAsync([.. rotations.Where(rotation => rotation.OutboxId is not null).Select(rotation => rotation.OutboxId!.Value)], cancellationToken);
        var revoked = await bulletins.RevokedInForceAsync(session, devices, cancellationToken);
        var outboxIds = await session.Outbox.ReserveIdsAsync(rotations.Count, cancellationToken);
        var sending = rotations.Select((rotation, i) => rotation with { OutboxId = outboxIds[i], RevokedKeyIds = revoked[i] }).ToArray();
        var fresh = Enumerable.Range(0, sending.Length).Where(i => sending[i].Id == 0).ToList();
        var ids = await session.Rotations.InsertAsync([.. fresh.Select(i => sending[i])], cancellationToken);
        foreach (var (i, id) in fresh.Zip(ids))
        {
            sending[i] = sending[i] with { Id = id };
        }

        var stored = sending.Where((_, i) => rotations[i].Id != 0).ToList();
        if (stored.Count > 0)
        {
            await session.Rotations.UpdateAsync(stored, cancellationToken);
        }

        var rotates = devices.Select((device, i) =>
        {
            var rotation = sending[i];
            var key = crypto.EpochKey(device.Id, rotation.ToEpoch, rotation.NewKeySealed);
            var rotate = new RotateMessage { Epoch = rotation.ToEpoch, WrappedKey = crypto.Wrap(device, rotation.ToEpoch, key), RevokedKeyIds = revoked[i] };
            return new QueuedMessage(device, rotate, rotation.Id);
        }).ToList();
        await outbox.EnqueueAsync(session, rotates, outboxIds, cancellationToken);
        return sending;
    }

    private AuditEntry Ok(string actor, string action, ulong deviceId, string detail) => new(0, time.GetUtcNow(), actor, action, Target(deviceId), "ok", detail);

    private static string Target(ulong deviceId) => $"device:{deviceId:x16}";
}
