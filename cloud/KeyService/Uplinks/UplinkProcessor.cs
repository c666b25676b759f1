using System.Threading.Channels;
using ShareKey.KeyService.Devices;
using ShareKey.KeyService.Gateway;
using ShareKey.KeyService.Metrics;
using ShareKey.KeyService.Outbox;
using ShareKey.KeyService.Storage;

namespace ShareKey.KeyService.Uplinks;

/// <summary>
/// Receives up frames from the device link and applies them in batches, one store session per
/// batch, so a fleet's acks cost a few transactions rather than one each. A batch first locks all
/// its devices in one statement (the lock order, Storage/Sql/DeviceLocks.cs), then applies their
/// frames, each device's in the order they came, the same step of many frames together
/// (<see cref="UplinkHandler.HandleAsync"/>); a single frame is a batch of one. On PostgreSQL several workers
/// apply batches at once, each device's frames always on the same worker (so in order, and no two
/// workers ever wait for each other's device rows); SQLite has one writer, so one worker. A session
/// the database undid for colliding with another (deadlock, serialization failure) runs again whole
/// (<see cref="TransactionRunner"/>). If a batch fails otherwise, its frames are applied one by one
/// so a single bad frame cannot hold back the others; a frame that still fails is logged and
/// dropped, and the processor carries on — a store failure never stops the service. Nothing a
/// device must not lose is acknowledged before it is stored: an Event batch's EventReceipt, on which
/// the device drops the events, is published only after the session holding them committed. A frame
/// lost in a crash or a failed session is therefore never an Event the device forgot: it repeats the
/// batch until receipted, the cloud resends what it needs acked, and devices repeat KeyReports and
/// BindRequests until answered. It tells the outbox sender how far behind it is
/// (<see cref="IUplinkBacklog"/>), so resends wait for acks already received.
/// </summary>
public sealed class UplinkProcessor(IKeyStore store, TransactionRunner transactions, IDeviceLink link, UplinkHandler handler, OutboxSignal outboxSignal, UplinkMetrics metrics, ILogger<UplinkProcessor> logger) : BackgroundService, IUplinkBacklog
{
    /// <summary>
    /// Frames per batch at most; a batch is what queued while the last one was applied, so only a
    /// backlog (a fleet rotated at once) fills it. The rows a batch writes by device id (handled
    /// uplinks, key reports, outbox index, device rows, audit index) share more pages the more
    /// devices it holds, and a session writes each page it dirtied to the WAL once: 2,048 frames
    /// (an Ack and a KeyReport from each of up to 1,024 devices) instead of 256, with rotation chunks of 1,000
    /// instead of 250, halved the WAL pages per rotation (RotationOperations.ChunkSize).
    /// </summary>
    public const int BatchSize = 2048;

    /// <summary>Frames waiting, over all workers, before the device link waits for room.</summary>
    public const int QueuedFrames = 16_384;

    /// <summary>
    /// Batches applied at once on PostgreSQL, whose sessions run side by side (each waits on round
    /// trips and its commit's fsync most of the time); SQLite's would only queue for its one writer.
    /// </summary>
    public const int PostgresWorkers = 4;

    private readonly Channel<Uplink>[] _queues = Queues(store.Kind == "postgresql" ? PostgresWorkers : 1);

    /// <summary>Per worker: the UTC ticks at which the oldest frame of the batch it is applying was received; long.MaxValue when it applies none.</summary>
    private readonly long[] _applying = [.. Enumerable.Repeat(long.MaxValue, store.Kind == "postgresql" ? PostgresWorkers : 1)];

    /// <summary>
    /// Each worker's batch being applied and the head of its queue (frames queue in the order they
    /// came). Frames still waiting for room in a full queue are not seen, but then its head is old.
    /// </summary>
    public DateTimeOffset? OldestUnapplied
    {
        get
        {
            var oldest = long.MaxValue;
            for (var worker = 0; worker < _queues.Length; worker++)
            {
                oldest = Math.Min(oldest, Volatile.Read(ref _applying[worker]));
                if (_queues[worker].Reader.TryPeek(out var head))
                {
                    oldest = Math.Min(oldest, head.ReceivedAt.UtcTicks);
                }
            }

            return oldest == long.MaxValue ? null : new DateTimeOffset(oldest, TimeSpan.Zero);
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await link.StartAsync(uplink => EnqueueAsync(uplink, stoppingToken), stoppingToken);
        await Task.WhenAll(_queues.Select((queue, worker) => ApplyFromAsync(worker, queue.Reader, stoppingToken)));
    }

    private async Task ApplyFromAsync(int worker, ChannelReader<Uplink> queue, CancellationToken stoppingToken)
    {
        var batch = new List<Uplink>(BatchSize);
        while (await queue.WaitToReadAsync(stoppingToken))
        {
            batch.Clear();
            // Marked before it leaves the queue, so the backlog never looks emptier than it is.
            if (queue.TryPeek(out var head))
            {
                Volatile.Write(ref _applying[worker], head.ReceivedAt.UtcTicks);
            }

            while (batch.Count < BatchSize && queue.TryRead(out var uplink))
            {
                batch.Add(uplink);
            }

            metrics.BatchTaken(batch.Count);
            await ApplyAsync(batch, stoppingToken);
            Volatile.Write(ref _applying[worker], long.MaxValue);
            outboxSignal.Notify();
        }
    }

    private static Channel<Uplink>[] Queues(int workers) =>
        [.. Enumerable.Range(0, workers).Select(_ => Channel.CreateBounded<Uplink>(new BoundedChannelOptions(QueuedFrames / workers) { SingleReader = true }))];

    /// <summary>Disconnects the device link once the outbox sender (stopped before this) no longer needs it.</summary>
    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        await link.DisposeAsync();
    }

    private async ValueTask EnqueueAsync(Uplink uplink, CancellationToken stoppingToken)
    {
        try
        {
            // Device ids are random: the low bits spread devices evenly over the workers.
            await _queues[(int)(uplink.DeviceId % (ulong)_queues.Length)].Writer.WriteAsync(uplink, stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down with frames still arriving: dropped, as a crash would; devices repeat what matters.
        }
    }

    /// <summary>Applies the batch in one session, or, if that fails, each frame in a session of its own (a frame that still fails is dropped, logged).</summary>
    internal async Task ApplyAsync(IReadOnlyList<Uplink> batch, CancellationToken cancellationToken)
    {
        try
        {
            await ApplyInOneSessionAsync(batch, cancellationToken);
            return;
        }
        catch (Exception failure) when (failure is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            if (batch.Count == 1)
            {
                LogDropped(batch[0], failure);
                return;
            }

            logger.LogWarning(failure, "A batch of {Count} up frames failed; applying them one by one", batch.Count);
        }

        foreach (var uplink in batch)
        {
            try
            {
                await ApplyInOneSessionAsync([uplink], cancellationToken);
            }
            catch (Exception failure) when (failure is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                LogDropped(uplink, failure);
            }
        }
    }

    private void LogDropped(Uplink uplink, Exception failure)
    {
        if (failure is TransientStoreException)
        {
            logger.LogError(failure, "Could not apply a frame from {Device}: the database undid its transaction on every allowed run (colliding with others); dropped unacknowledged (the device repeats what matters)", $"{uplink.DeviceId:x16}");
        }
        else
        {
            logger.LogError(failure, "Could not apply a frame from {Device}: {Reason}; dropped unacknowledged", $"{uplink.DeviceId:x16}", failure.Message);
        }
    }

    /// <summary>Applies the frames in one session and publishes their EventReceipts once it committed; throws if the session fails.</summary>
    internal async Task ApplyInOneSessionAsync(IReadOnlyList<Uplink> batch, CancellationToken cancellationToken)
    {
        // OrderBy is stable: a device's frames stay in the order they came.
        var uplinks = batch.OrderBy(uplink => uplink.DeviceId).ToList();
        var receipts = await transactions.RunAsync(uplinks.Count == 1 ? $"Applying a frame from {uplinks[0].DeviceId:x16}" : $"Applying {uplinks.Count} up frames", async session =>
        {
            // Every device of the batch locked in one statement (the lock order), and read once for its first frame.
            await session.Devices.LockAsync(uplinks.Select(uplink => uplink.DeviceId), cancellationToken);
            return await handler.HandleAsync(session, uplinks, cancellationToken);
        }, cancellationToken);

        if (receipts.Count > 0)
        {
            await Task.WhenAll(receipts.Select(receipt => SendReceiptAsync(receipt, cancellationToken)));
        }
    }

    /// <summary>A receipt that does not go out is not retried here: the device sends the batch again and gets another.</summary>
    private async Task SendReceiptAsync(DownFrame receipt, CancellationToken cancellationToken)
    {
        try
        {
            await link.SendAsync(receipt.DeviceId, receipt.Frame, cancellationToken);
        }
        catch (Exception failure) when (failure is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            logger.LogWarning("An EventReceipt for {Device} did not go out ({Reason}); the device sends the batch again", $"{receipt.DeviceId:x16}", failure.Message);
        }
    }
}
