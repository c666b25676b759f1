using ShareKey.KeyService.Audit;
using ShareKey.KeyService.Devices;
using ShareKey.KeyService.Gateway;
using ShareKey.KeyService.Keys;
using ShareKey.KeyService.Outbox;
using ShareKey.KeyService.Parking.Occupancy;
using ShareKey.KeyService.RemoteLock;
using ShareKey.KeyService.Rotation;
using ShareKey.KeyService.Sharing;
using ShareKey.KeyService.Storage;
using ShareKey.KeyService.Vehicles;
using ShareKey.Protocol;
using ShareKey.Protocol.Messages;

namespace ShareKey.KeyService.Uplinks;

/// <summary>
/// Applies one up frame inside the caller's session. Idempotent by (device, message id): a frame
/// handled before changes nothing (docs/architecture.md §5), so a duplicate delivery, or two instances of
/// the service racing on it, apply it once. A frame that fails its link MAC or decoding is dropped
/// and logged: only the device itself could have sent a valid one.
/// </summary>
public sealed class UplinkHandler(
    DeviceCrypto crypto,
    RotationService rotations,
    BindingService bindings,
    BulletinIssuer bulletins,
    OutboxWriter outbox,
    RepairPacing pacing,
    TransferReports transfers,
    OccupancyRecorder occupancy,
    RemoteLockTracker remoteLocks,
    ILogger<UplinkHandler> logger)
{
    /// <summary>How stale "last seen" may get: one write per device per interval, not one per frame.</summary>
    public static readonly TimeSpan LastSeenResolution = TimeSpan.FromSeconds(30);

    /// <summary>A device clock further behind than this (per its KeyReport) is sent a signed TimeSync.</summary>
    public static readonly TimeSpan ClockBehindLimit = TimeSpan.FromMinutes(1);

    /// <summary>
    /// Applies the frames in order inside the caller's session, which has locked every device they
    /// come from; returns the EventReceipts to publish once the session has committed — one for each
    /// Event batch, also for a copy of one already stored, whose first receipt may have been lost.
    /// What every frame needs first is done for all of them at once (on PostgreSQL one round trip
    /// each): the frames are decoded, recorded as handled (a copy of one handled before changes
    /// nothing), and each device's last-seen time moved; then each frame is applied.
    /// </summary>
    public async Task<IReadOnlyList<DownFrame>> HandleAsync(IStoreSession session, IReadOnlyList<Uplink> uplinks, CancellationToken cancellationToken)
    {
        var decoded = new List<(Uplink Uplink, Message Message)>(uplinks.Count);
        foreach (var uplink in uplinks)
        {
            if (await DecodeAsync(session, uplink, cancellationToken) is { } message)
            {
                decoded.Add((uplink, message));
            }
        }

        var fresh = await session.Uplinks.TryRecordAsync([.. decoded.Select(frame => new HandledUplink(frame.Uplink.DeviceId, frame.Message.MessageId, frame.Message.Type, frame.Uplink.ReceivedAt))], cancellationToken);
        await TouchAsync(session, [.. decoded.Where((_, i) => fresh[i]).Select(frame => frame.Uplink)], cancellationToken);
        var receipts = new List<DownFrame>();
        for (var i = 0; i < decoded.Count; i++)
        {
            var (uplink, message) = decoded[i];
            // Read again: an earlier frame of the batch may have moved the device to a new epoch.
            var device = await session.Devices.GetAsync(uplink.DeviceId, forUpdate: true, cancellationToken) ?? throw new InvalidOperationException($"Device {uplink.DeviceId:x16} vanished from a session that locked it.");
            if (!fresh[i])
            {
                logger.LogDebug("Duplicate {Message} from {Device} ignored", message, $"{device.Id:x16}");
            }
            else
            {
                await ApplyAsync(session, device, message, uplink.ReceivedAt, cancellationToken);
            }

            if (ReceiptFor(device, message) is { } receipt)
            {
                receipts.Add(receipt);
            }
        }

        return receipts;
    }

    /// <summary>The frame's message, or null (logged) when no device in service sent it or it fails its link MAC or decoding.</summary>
    private async Task<Message?> DecodeAsync(IStoreSession session, Uplink uplink, CancellationToken cancellationToken)
    {
        // Locked for update: an ack may move the device to a new epoch in this session.
        var device = await session.Devices.GetAsync(uplink.DeviceId, forUpdate: true, cancellationToken);
        if (device is null || device.State != DeviceState.Active)
        {
            logger.LogWarning("Dropped a frame from {Device}: no such device in service", $"{uplink.DeviceId:x16}");
            return null;
        }

        try
        {
            return crypto.DecodeUp(device, uplink.Frame);
        }
        catch (ProtocolException refused)
        {
            logger.LogWarning("Dropped a frame from {Device}: {Reason}", $"{device.Id:x16}", refused.Message);
            return null;
        }
    }

    /// <summary>Moves "last seen" of each device whose stored one is older than <see cref="LastSeenResolution"/> at its first new frame.</summary>
    private static async Task TouchAsync(IStoreSession session, IReadOnlyList<Uplink> fresh, CancellationToken cancellationToken)
    {
        var touches = new List<(ulong DeviceId, DateTimeOffset SeenAt)>();
        var seen = new Dictionary<ulong, DateTimeOffset?>();
        foreach (var uplink in fresh)
        {
            if (!seen.TryGetValue(uplink.DeviceId, out var last))
            {
                last = (await session.Devices.GetAsync(uplink.DeviceId, forUpdate: true, cancellationToken))?.LastSeenAt;
            }

            if (last is not { } at || uplink.ReceivedAt - at > LastSeenResolution)
            {
                touches.Add((uplink.DeviceId, uplink.ReceivedAt));
                last = uplink.ReceivedAt;
            }

            seen[uplink.DeviceId] = last;
        }

        await session.Devices.TouchAsync(touches, cancellationToken);
    }

    private async Task ApplyAsync(IStoreSession session, Device device, Message message, DateTimeOffset receivedAt, CancellationToken cancellationToken)
    {
        switch (message)
        {
            case AckMessage ack:
                await OnAckAsync(session, device, ack, receivedAt, cancellationToken);
                break;
            case KeyReportMessage report:
                await OnKeyReportAsync(session, device, report, receivedAt, cancellationToken);
                break;
            case EventMessage events:
                await session.Reports.AddEventsAsync(events.Events.Select(e => new DeviceEvent(0, device.Id, e.Kind, e.Time, e.KeyId, e.Detail, e.Value, receivedAt)).ToList(), cancellationToken);
                await transfers.OnEventsAsync(session, device, events.Events, cancellationToken);
                await occupancy.OnEventsAsync(session, device, events.Events, receivedAt, cancellationToken);
                await remoteLocks.OnEventsAsync(session, device, events.Events, cancellationToken);
                break;
            case VehicleReportMessage report:
                await remoteLocks.OnReportAsync(session, device, report, receivedAt, cancellationToken);
                break;
            case BindRequestMessage bind:
                await bindings.HandleAsync(session, device, bind, cancellationToken);
                break;
        }
    }

    private DownFrame? ReceiptFor(Device device, Message message) => message is EventMessage events
        ? new DownFrame(device.Id, crypto.EncodeDown(device, new EventReceiptMessage { MessageId = events.MessageId, Count = events.Events.Length }))
        : null;

    private async Task OnAckAsync(IStoreSession session, Device device, AckMessage ack, DateTimeOffset receivedAt, CancellationToken cancellationToken)
    {
        var sent = await session.Outbox.FindAsync(device.Id, ack.AckedMessageId, cancellationToken);
        if (sent is null)
        {
            logger.LogWarning("{Device} acked message {MessageId}, which was never sent to it", $"{device.Id:x16}", ack.AckedMessageId);
            return;
        }

        if (sent.Type == MessageType.Rotate)
        {
            // A late ack of an abandoned or replaced send still proves the device holds the key.
            var settled = await rotations.OnAckAsync(session, device, sent, ack, cancellationToken);
            if (!settled || sent.State != OutboxState.Pending)
            {
                return;
            }
        }
        else if (sent.State != OutboxState.Pending)
        {
            return;
        }

        await session.Outbox.UpdateAsync(sent with { State = OutboxState.Acked, AckedAt = receivedAt, AckStatus = ack.Status }, cancellationToken);
        if (sent.Type == MessageType.RemoteLock)
        {
            await remoteLocks.OnAckAsync(session, device, sent, ack, cancellationToken);
        }

        if (ack.Status is not (AckStatus.Applied or AckStatus.Stale) || sent.Type == MessageType.RemoteLock)
        {
            await session.Audit.AppendAsync(new AuditEntry(0, receivedAt, AuditLog.DeviceActor(device.Id), $"device.ack.{Names.Of(sent.Type).ToLowerInvariant()}", DeviceService.Target(device.Id), Names.Of(ack.Status), $"message={sent.MessageId}"), cancellationToken);
        }
    }

    /// <summary>
    /// Stores the report and repairs what it shows missing: an old bulletin, an unsent Commit, a
    /// rotation that gave up while the device was away, a clock behind. Its recent events are a
    /// snapshot of what Event batches deliver (and the device drains those until acked), so they
    /// are not stored twice.
    /// </summary>
    private async Task OnKeyReportAsync(IStoreSession session, Device device, KeyReportMessage report, DateTimeOffset receivedAt, CancellationToken cancellationToken)
    {
        var uses = report.Uses.Select(use => new KeyUseCount(use.KeyId, use.Uses)).ToList();
        var open = await session.Rotations.OpenForDeviceAsync(device.Id, cancellationToken);
        var lacksNewEpoch = open is { State: RotationState.Sending, OutboxId: not null } && report.ActiveEpoch < open.ToEpoch;
        // The report before this one matters only then; read before this one replaces it.
        var previousReportAt = lacksNewEpoch ? (await session.Reports.KeyReportAsync(device.Id, cancellationToken))?.ReceivedAt : null;
        await session.Reports.SaveKeyReportAsync(new DeviceKeyReport(device.Id, report.ActiveEpoch, report.BackupEpoch, report.BulletinSequence, report.DeviceTime, uses, receivedAt), cancellationToken);
        if (open is { State: RotationState.GaveUp })
        {
            await rotations.RedriveAsync(session, device, open, AuditLog.DeviceActor(device.Id), cancellationToken);
        }
        else if (lacksNewEpoch && open is { OutboxId: { } sendId }
            && await session.Outbox.GetAsync(sendId, cancellationToken) is { State: OutboxState.Pending } send
            && RepairPacing.MaySendEarly(send, previousReportAt, receivedAt))
        {
            // The device is here and still lacks the new epoch (a first connection, or a broker that
            // lost its session): send the Rotate now rather than when its ack timeout runs out — one
            // more send even if the last allowed one is out, since it was sent while the device was
            // away. If that send was in fact on its way, the device answers the copy with the same ack.
            await session.Outbox.UpdateAsync(send with { NextAttemptAt = receivedAt, MaxAttempts = Math.Max(send.MaxAttempts, send.Attempts + 1) }, cancellationToken);
        }

        if (report.BulletinSequence < device.BulletinSequence && await pacing.MayQueueAsync(session, device.Id, MessageType.Bulletin, receivedAt, cancellationToken))
        {
            (device, _) = await bulletins.IssueAsync(session, device, cancellationToken);
        }

        if (open is null && report.BackupEpoch != 0 && report.ActiveEpoch == device.Epoch && await pacing.MayQueueAsync(session, device.Id, MessageType.Commit, receivedAt, cancellationToken))
        {
            await rotations.QueueCommitAsync(session, device, rotationId: null, cancellationToken);
        }

        var now = (uint)receivedAt.ToUnixTimeSeconds();
        if (report.DeviceTime + ClockBehindLimit.TotalSeconds < now && await pacing.MayQueueAsync(session, device.Id, MessageType.TimeSync, receivedAt, cancellationToken))
        {
            // The device clock only moves forward (docs/protocol.md §9.2); a fresh or long-unpowered
            // board starts behind, and validity windows are judged on that clock.
            var secrets = crypto.SecretsOf(device);
            var sync = new TimeSyncMessage { DeviceId = device.Id, Time = now, Mac = DeviceCrypto.Macs.TimeMac(secrets.TimeKey, device.Id, now) };
            await outbox.EnqueueAsync(session, device, sync, rotationId: null, cancellationToken);
        }
    }
}
