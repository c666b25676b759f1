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
        var fresh = devices.Where(device => !open.ContainsKey(device.Id)).Select(device => NewRotation(device, cause, rentalId, now)).ToList();
        var ids = await session.Rotations.InsertAsync(fresh, cancellationToken);
        var created = fresh.Select((rotation, i) => rotation with { Id = ids[i] }).ToDictionary(rotation => rotation.DeviceId);
        var sent = await SendAsync(
            session,
            devices,
            [.. devices.Select(device => open.TryGetValue(device.Id, out var merged) ? merged with { State = RotationState.Sending, RedriveAt = null, UpdatedAt = now } : created[device.Id])],
            cancellationToken);
        await session.Audit.AppendAsync(
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
    /// An Ack for a Rotate we sent. Returns true when the outbox message is settled (confirmed, or
    /// refused for good); false when the ack did not prove anything and resending must go on.
    /// </summary>
    public async Task<bool> OnAckAsync(IStoreSession session, Device device, OutboxMessage sent, AckMessage ack, CancellationToken cancellationToken)
    {
        session.Devices.RequireLocked(device.Id, "confirming a rotation");
        if (sent.RotationId is not { } rotationId || await session.Rotations.GetAsync(rotationId, cancellationToken) is not { } rotation)
        {
            return true;
        }

        var actor = AuditLog.DeviceActor(device.Id);
        if (rotation.State is RotationState.Confirmed or RotationState.Failed)
        {
            return true;
        }

        switch (ack.Status)
        {
            case AckStatus.Applied:
                var newKey = crypto.EpochKey(device.Id, rotation.ToEpoch, rotation.NewKeySealed);
                var expected = DeviceCrypto.Macs.AckProof(newKey, device.Id, rotation.ToEpoch, sent.MessageId);
                if (ack.Epoch != rotation.ToEpoch || !ConstantTime.Equals(expected, ack.Proof))
                {
                    await session.Rotations.UpdateAsync(rotation with { LastError = $"ack for message {sent.MessageId} carried a proof that does not verify; still waiting", UpdatedAt = time.GetUtcNow() }, cancellationToken);
                    await session.Audit.AppendAsync(new AuditEntry(0, time.GetUtcNow(), actor, "rotation.ack", Target(device.Id), "bad-proof", $"rotation={rotation.Id} epoch={ack.Epoch}"), cancellationToken);
                    return false;
                }

                await ConfirmAsync(session, device, rotation, sent, cancellationToken);
                return true;

            case AckStatus.Stale:
                // The device's id window moved past this message (docs/protocol.md §9.5): same rotation, fresh id.
                await SendAsync(session, [device], [rotation with { State = RotationState.Sending, UpdatedAt = time.GetUtcNow() }], cancellationToken);
                return true;

            default:
                await session.Rotations.UpdateAsync(rotation with { State = RotationState.Failed, LastError = $"device answered {Names.Of(ack.Status)}", UpdatedAt = time.GetUtcNow() }, cancellationToken);
                await session.Audit.AppendAsync(new AuditEntry(0, time.GetUtcNow(), actor, "rotation.ack", Target(device.Id), ack.Status.ToString().ToLowerInvariant(), $"rotation={rotation.Id} epoch={rotation.ToEpoch}"), cancellationToken);
                return true;
        }
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

    /// <param name="device">Read in this session, locked for update (the uplink handler reads it so) before the rotation was read.</param>
    private async Task ConfirmAsync(IStoreSession session, Device device, RotationRecord rotation, OutboxMessage acked, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var current = device with { Epoch = rotation.ToEpoch, EpochKeySealed = rotation.NewKeySealed };
        await session.Devices.UpdateAsync(current, cancellationToken);
        await session.Rotations.UpdateAsync(rotation with { State = RotationState.Confirmed, BackupKeySealed = null, ConfirmedAt = now, RedriveAt = null, LastError = null, UpdatedAt = now }, cancellationToken);
        var reissued = await session.Keys.MoveToEpochAsync(device.Id, rotation.ToEpoch, now, cancellationToken);
        if (rotation.OutboxId is { } latestId && latestId != acked.Id)
        {
            // The proof came for an earlier send of this rotation; the latest one needs no more resends.
            await session.Outbox.CancelPendingAsync([latestId], cancellationToken);
        }

        await QueueCommitAsync(session, current, rotation.Id, cancellationToken);
        metrics.Confirmed(rotation, acked.LastAttemptAt ?? acked.CreatedAt, now);
        await audit.AppendAsync(session, AuditLog.DeviceActor(device.Id), "rotation.confirm", Target(device.Id), $"rotation={rotation.Id} epoch={rotation.ToEpoch} keys-reissued={reissued}", cancellationToken);
    }

    /// <summary>
    /// The one place a Commit is queued: for the device's current epoch, when its rotation is
    /// confirmed (<paramref name="rotationId"/>), and again when a KeyReport shows the device still
    /// keeps its backup with no Commit on its way (the uplink's repair, paced there).
    /// </summary>
    public Task<OutboxMessage> QueueCommitAsync(IStoreSession session, Device device, long? rotationId, CancellationToken cancellationToken) =>
        outbox.EnqueueAsync(session, device, new CommitMessage { Epoch = device.Epoch }, rotationId, cancellationToken);

    /// <summary>
    /// Queues a Rotate for each rotation's epoch and key (to the device at the same place), listing the
    /// revocations in force now, cancelling an earlier send still pending; each step batched over all.
    /// </summary>
    private async Task<IReadOnlyList<RotationRecord>> SendAsync(IStoreSession session, IReadOnlyList<Device> devices, IReadOnlyList<RotationRecord> rotations, CancellationToken cancellationToken)
    {
        await session.Outbox.CancelPendingAsync([.. rotations.Where(rotation => rotation.OutboxId is not null).Select(rotation => rotation.OutboxId!.Value)], cancellationToken);
        var revoked = await bulletins.RevokedInForceAsync(session, devices, cancellationToken);
        var rotates = devices.Select((device, i) =>
        {
            var rotation = rotations[i];
            var key = crypto.EpochKey(device.Id, rotation.ToEpoch, rotation.NewKeySealed);
            var rotate = new RotateMessage { Epoch = rotation.ToEpoch, WrappedKey = crypto.Wrap(device, rotation.ToEpoch, key), RevokedKeyIds = revoked[i] };
            return new QueuedMessage(device, rotate, rotation.Id);
        }).ToList();
        var sent = await outbox.EnqueueAsync(session, rotates, cancellationToken);
        var updated = rotations.Select((rotation, i) => rotation with { OutboxId = sent[i].Id, RevokedKeyIds = revoked[i] }).ToList();
        await session.Rotations.UpdateAsync(updated, cancellationToken);
        return updated;
    }

    private AuditEntry Ok(string actor, string action, ulong deviceId, string detail) => new(0, time.GetUtcNow(), actor, action, Target(deviceId), "ok", detail);

    private static string Target(ulong deviceId) => $"device:{deviceId:x16}";
}
