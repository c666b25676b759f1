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
/// Applies up frames inside the caller's session, a batch at a time. Idempotent by (device, message id): a frame
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
    /// nothing), and each device's last-seen time moved. Then the new frames are applied in rounds:
    /// each device's first frame in the first round, its second in the second, and so on, so a
    /// device's frames keep their order and each sees what the one before did. A round's frames are
    /// of different devices and, but for BindRequests naming one VIN or IMSI (BindingService takes
    /// those one by one), touch none of each other's rows: its frames of each kind are applied
    /// together — Acks, KeyReports, Event batches, BindRequests, VehicleReports — each step's
    /// statements for all of them at once.
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
        var rounds = new List<List<Frame>>();
        var framesOf = new Dictionary<ulong, int>();
        for (var i = 0; i < decoded.Count; i++)
        {
            var (uplink, message) = decoded[i];
            if (!fresh[i])
            {
                logger.LogDebug("Duplicate {Message} from {Device} ignored", message, $"{uplink.DeviceId:x16}");
                continue;
            }

            var round = framesOf.GetValueOrDefault(uplink.DeviceId);
            framesOf[uplink.DeviceId] = round + 1;
            if (round == rounds.Count)
            {
                rounds.Add([]);
            }

            rounds[round].Add(new Frame(uplink.DeviceId, message, uplink.ReceivedAt));
        }

        // Devices whose rotation an Ack of this batch confirmed: their Commit is on its way.
        var committing = new HashSet<ulong>();
        foreach (var round in rounds)
        {
            await ApplyRoundAsync(session, round, committing, cancellationToken);
        }

        var batches = decoded.Where(frame => frame.Message is EventMessage).Select(frame => new Frame(frame.Uplink.DeviceId, frame.Message, frame.Uplink.ReceivedAt)).ToList();
        if (batches.Count == 0)
        {
            return [];
        }

        // Read again where a frame applied above changed the device.
        var devices = await LockedAsync(session, batches, cancellationToken);
        return [.. batches.Select(frame => new DownFrame(frame.DeviceId, crypto.EncodeDown(devices[frame.DeviceId], new EventReceiptMessage { MessageId = frame.Message.MessageId, Count = ((EventMessage)frame.Message).Events.Length })))];
    }

    /// <summary>A new frame to apply: its device, message and time of receipt.</summary>
    private readonly record struct Frame(ulong DeviceId, Message Message, DateTimeOffset ReceivedAt);

    /// <summary>One frame of each of some devices: those of each kind together, a kind at a time.</summary>
    private async Task ApplyRoundAsync(IStoreSession session, List<Frame> round, HashSet<ulong> committing, CancellationToken cancellationToken)
    {
        if (round.Where(frame => frame.Message is AckMessage).ToList() is { Count: > 0 } acks)
        {
            var devices = await LockedAsync(session, acks, cancellationToken);
            committing.UnionWith(await OnAcksAsync(session, [.. acks.Select(frame => (devices[frame.DeviceId], (AckMessage)frame.Message, frame.ReceivedAt))], cancellationToken));
        }

        if (round.Where(frame => frame.Message is KeyReportMessage).ToList() is { Count: > 0 } reports)
        {
            var devices = await LockedAsync(session, reports, cancellationToken);
            await OnKeyReportsAsync(session, [.. reports.Select(frame => (devices[frame.DeviceId], (KeyReportMessage)frame.Message, frame.ReceivedAt))], committing, cancellationToken);
        }

        if (round.Where(frame => frame.Message is EventMessage).ToList() is { Count: > 0 } batches)
        {
            var devices = await LockedAsync(session, batches, cancellationToken);
            await OnEventsAsync(session, [.. batches.Select(frame => (devices[frame.DeviceId], (EventMessage)frame.Message, frame.ReceivedAt))], cancellationToken);
        }

        if (round.Where(frame => frame.Message is BindRequestMessage).ToList() is { Count: > 0 } binds)
        {
            var devices = await LockedAsync(session, binds, cancellationToken);
            await bindings.HandleAsync(session, [.. binds.Select(frame => (devices[frame.DeviceId], (BindRequestMessage)frame.Message))], cancellationToken);
        }

        if (round.Where(frame => frame.Message is VehicleReportMessage).ToList() is { Count: > 0 } vehicles)
        {
            var devices = await LockedAsync(session, vehicles, cancellationToken);
            await remoteLocks.OnReportsAsync(session, [.. vehicles.Select(frame => (devices[frame.DeviceId], (VehicleReportMessage)frame.Message, frame.ReceivedAt))], cancellationToken);
        }
    }

    /// <summary>Event batches, each from a different device: all their events stored in one batch, then what each batch's events mean.</summary>
    private async Task OnEventsAsync(IStoreSession session, IReadOnlyList<(Device Device, EventMessage Events, DateTimeOffset ReceivedAt)> batches, CancellationToken cancellationToken)
    {
        await session.Reports.AddEventsAsync(
            [.. batches.SelectMany(batch => batch.Events.Events.Select(e => new DeviceEvent(0, batch.Device.Id, e.Kind, e.Time, e.KeyId, e.Detail, e.Value, batch.ReceivedAt)))],
            cancellationToken);
        foreach (var (device, events, receivedAt) in batches)
        {
            await transfers.OnEventsAsync(session, device, events.Events, cancellationToken);
            await occupancy.OnEventsAsync(session, device, events.Events, receivedAt, cancellationToken);
            await remoteLocks.OnEventsAsync(session, device, events.Events, cancellationToken);
        }
    }

    /// <summary>
    /// The frames' devices as they are now (an earlier frame may have moved one to a new epoch): from
    /// what the session holds, those it has written since read again in one statement.
    /// </summary>
    private static async Task<Dictionary<ulong, Device>> LockedAsync(IStoreSession session, List<Frame> frames, CancellationToken cancellationToken)
    {
        var devices = (await session.Devices.LockAsync(frames.Select(frame => frame.DeviceId), cancellationToken)).ToDictionary(device => device.Id);
        foreach (var frame in frames)
        {
            if (!devices.ContainsKey(frame.DeviceId))
            {
                throw Vanished(frame.DeviceId);
            }
        }

        return devices;
    }

    private static InvalidOperationException Vanished(ulong deviceId) => new($"Device {deviceId:x16} vanished from a session that locked it.");

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

    /// <summary>
    /// Acks, each from a different device: their outbox messages read in one statement, marked acked
    /// in one batch; Rotate acks go to the rotations together. Returns the devices whose rotation they confirmed.
    /// </summary>
    private async Task<IReadOnlySet<ulong>> OnAcksAsync(IStoreSession session, IReadOnlyList<(Device Device, AckMessage Ack, DateTimeOffset ReceivedAt)> acks, CancellationToken cancellationToken)
    {
        var sent = await session.Outbox.FindAsync([.. acks.Select(ack => (ack.Device.Id, ack.Ack.AckedMessageId))], cancellationToken);
        var rotates = Enumerable.Range(0, acks.Count).Where(i => sent[i] is { Type: MessageType.Rotate }).ToList();
        // A late ack of an abandoned or replaced send still proves the device holds the key.
        var outcome = await rotations.OnAcksAsync(session, [.. rotates.Select(i => (acks[i].Device, sent[i]!, acks[i].Ack))], cancellationToken);
        var unsettled = rotates.Where((_, j) => !outcome.Settled[j]).ToHashSet();
        var acked = new List<int>();
        for (var i = 0; i < acks.Count; i++)
        {
            var (device, ack, _) = acks[i];
            if (sent[i] is not { } message)
            {
                logger.LogWarning("{Device} acked message {MessageId}, which was never sent to it", $"{device.Id:x16}", ack.AckedMessageId);
            }
            else if (message.State == OutboxState.Pending && !unsettled.Contains(i))
            {
                acked.Add(i);
            }
        }

        await session.Outbox.UpdateAsync([.. acked.Select(i => sent[i]! with { State = OutboxState.Acked, AckedAt = acks[i].ReceivedAt, AckStatus = acks[i].Ack.Status })], cancellationToken);
        foreach (var i in acked)
        {
            var (device, ack, receivedAt) = acks[i];
            var message = sent[i]!;
            if (message.Type == MessageType.RemoteLock)
            {
                await remoteLocks.OnAckAsync(session, device, message, ack, cancellationToken);
            }

            if (ack.Status is not (AckStatus.Applied or AckStatus.Stale) || message.Type == MessageType.RemoteLock)
            {
                await session.Audit.AppendWithCommitAsync(new AuditEntry(0, receivedAt, AuditLog.DeviceActor(device.Id), $"device.ack.{Names.Of(message.Type).ToLowerInvariant()}", DeviceService.Target(device.Id), Names.Of(ack.Status), $"message={message.MessageId}"), cancellationToken);
            }
        }

        return outcome.Confirmed;
    }

    /// <summary>
    /// Stores the reports, each from a different device, and repairs what each shows missing: an old
    /// bulletin, an unsent Commit, a rotation that gave up while the device was away, a clock behind.
    /// What they all need is read, and what they all change written, a step at a time for all of
    /// them (on PostgreSQL one round trip per step). Its recent events are a snapshot of what Event
    /// batches deliver (and the device drains those until acked), so they are not stored twice.
    /// </summary>
    private async Task OnKeyReportsAsync(IStoreSession session, IReadOnlyList<(Device Device, KeyReportMessage Report, DateTimeOffset ReceivedAt)> reports, IReadOnlySet<ulong> committing, CancellationToken cancellationToken)
    {
        var open = (await session.Rotations.OpenForDevicesAsync([.. reports.Select(report => report.Device.Id)], cancellationToken)).ToDictionary(rotation => rotation.DeviceId);
        // Those whose device is here and owes the rotation being sent its Ack: it lacks the new epoch,
        // or it runs it already and its Ack never came. A device sends its Ack before the report that
        // follows it, and one instance applies a device's frames in order, so such an Ack was lost:
        // the Rotate arrived before the device's link was up, or the connection dropped with the Ack
        // unsent. Sent again, the Rotate gets the same Ack from the device's window (docs/protocol.md
        // §9, rule 5). With several instances the report may overtake its Ack; the copy then costs
        // one duplicate Ack.
        var owing = reports
            .Where(report => open.GetValueOrDefault(report.Device.Id) is { State: RotationState.Sending, OutboxId: not null } rotation && report.Report.ActiveEpoch <= rotation.ToEpoch)
            .ToList();
        // The report before this one matters only then; read before this one replaces it.
        var previous = (await session.Reports.KeyReportsAsync([.. owing.Select(report => report.Device.Id)], cancellationToken)).ToDictionary(report => report.DeviceId);
        await session.Reports.SaveKeyReportsAsync(
            [.. reports.Select(report => new DeviceKeyReport(
                report.Device.Id, report.Report.ActiveEpoch, report.Report.BackupEpoch, report.Report.BulletinSequence, report.Report.DeviceTime,
                [.. report.Report.Uses.Select(use => new KeyUseCount(use.KeyId, use.Uses))], report.ReceivedAt))],
            cancellationToken);
        foreach (var (device, _, _) in reports)
        {
            if (open.GetValueOrDefault(device.Id) is { State: RotationState.GaveUp } gaveUp)
            {
                await rotations.RedriveAsync(session, device, gaveUp, AuditLog.DeviceActor(device.Id), cancellationToken);
            }
        }

        var sends = await session.Outbox.GetAsync([.. owing.Select(report => open[report.Device.Id].OutboxId!.Value)], cancellationToken);
        // The device is here and owes the Ack (a first connection, a broker that lost its session,
        // an Ack lost on the way): send the Rotate now rather than when its ack timeout runs out —
        // one more send even if the last allowed one is out, since it was sent while the device was
        // away. If that send was in fact on its way, the device answers the copy with the same ack.
        await session.Outbox.UpdateAsync(
            [.. owing.Select((report, i) => (report, send: sends[i]))
                .Where(early => early.send is { State: OutboxState.Pending } send && RepairPacing.MaySendEarly(send, previous.GetValueOrDefault(early.report.Device.Id)?.ReceivedAt, early.report.ReceivedAt))
                .Select(early => early.send! with { NextAttemptAt = early.report.ReceivedAt, MaxAttempts = Math.Max(early.send.MaxAttempts, early.send.Attempts + 1) })],
            cancellationToken);
        await RepairAsync(session, [.. reports.Select(report => (report.Device, report.Report, open.GetValueOrDefault(report.Device.Id), report.ReceivedAt))], committing, cancellationToken);
    }

    /// <summary>
    /// What each report shows missing besides its rotation's Rotate — an old bulletin, a Commit, the
    /// time — each kind paced (<see cref="RepairPacing"/>), from one read of the devices' outbox
    /// history; the Commits and TimeSyncs of all of them queued together. A device in
    /// <paramref name="committing"/> lacks no Commit: an Ack of this batch confirmed its rotation and
    /// queued one, which pacing would find pending. So the report that follows every applied Rotate,
    /// usually in the same batch as its Ack, needs no read of the history.
    /// </summary>
    private async Task RepairAsync(IStoreSession session, IReadOnlyList<(Device Device, KeyReportMessage Report, RotationRecord? Open, DateTimeOffset ReceivedAt)> reports, IReadOnlySet<ulong> committing, CancellationToken cancellationToken)
    {
        static bool LacksBulletin(Device device, KeyReportMessage report) => report.BulletinSequence < device.BulletinSequence;
        bool LacksCommit(Device device, KeyReportMessage report, RotationRecord? open) =>
            open is null && report.BackupEpoch != 0 && report.ActiveEpoch == device.Epoch && !committing.Contains(device.Id);
        static bool ClockBehind(KeyReportMessage report, DateTimeOffset receivedAt) => report.DeviceTime + ClockBehindLimit.TotalSeconds < receivedAt.ToUnixTimeSeconds();

        var wanting = reports.Where(r => LacksBulletin(r.Device, r.Report) || LacksCommit(r.Device, r.Report, r.Open) || ClockBehind(r.Report, r.ReceivedAt)).ToList();
        if (wanting.Count == 0)
        {
            return;
        }

        var history = await pacing.HistoryAsync(session, [.. wanting.Select(r => r.Device.Id)], cancellationToken);
        var devices = new List<Device>(wanting.Count);
        foreach (var (device, report, _, receivedAt) in wanting)
        {
            if (LacksBulletin(device, report) && pacing.MayQueue(history[device.Id], MessageType.Bulletin, receivedAt))
            {
                devices.Add((await bulletins.IssueAsync(session, device, cancellationToken)).Device);
                // Read again: the bulletin is in the device's outbox now.
                history[device.Id] = (await pacing.HistoryAsync(session, [device.Id], cancellationToken))[device.Id];
            }
            else
            {
                devices.Add(device);
            }
        }

        var commits = Enumerable.Range(0, wanting.Count)
            .Where(i => LacksCommit(devices[i], wanting[i].Report, wanting[i].Open) && pacing.MayQueue(history[devices[i].Id], MessageType.Commit, wanting[i].ReceivedAt))
            .ToList();
        foreach (var queued in await rotations.QueueCommitsAsync(session, [.. commits.Select(i => (devices[i], (long?)null))], cancellationToken))
        {
            RepairPacing.Queued(history[queued.DeviceId], queued);
        }

        // The device clock only moves forward (docs/protocol.md §9.2); a fresh or long-unpowered
        // board starts behind, and validity windows are judged on that clock.
        var syncs = Enumerable.Range(0, wanting.Count)
            .Where(i => ClockBehind(wanting[i].Report, wanting[i].ReceivedAt) && pacing.MayQueue(history[devices[i].Id], MessageType.TimeSync, wanting[i].ReceivedAt))
            .Select(i => TimeSync(devices[i], (uint)wanting[i].ReceivedAt.ToUnixTimeSeconds()))
            .ToList();
        await outbox.EnqueueAsync(session, syncs, cancellationToken);
    }

    private QueuedMessage TimeSync(Device device, uint now)
    {
        var secrets = crypto.SecretsOf(device);
        return new QueuedMessage(device, new TimeSyncMessage { DeviceId = device.Id, Time = now, Mac = DeviceCrypto.Macs.TimeMac(secrets.TimeKey, device.Id, now) }, RotationId: null);
    }
}
