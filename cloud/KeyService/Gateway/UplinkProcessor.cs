using System.Threading.Channels;
using ShareKey.KeyService.Metrics;
using ShareKey.KeyService.Outbox;
using ShareKey.KeyService.Storage;

namespace ShareKey.KeyService.Gateway;

/// <summary>
/// Receives up frames from the device link and applies them in batches, one store session per
/// batch, so a fleet's acks cost a few transactions rather than one each. If a batch fails, its
/// frames are applied one by one so a single bad frame cannot hold back the others; a frame that
/// still fails is logged and dropped, and the processor carries on — a store failure never stops
/// the service. Nothing a device must not lose is acknowledged before it is stored: an Event
/// batch's EventReceipt, on which the device drops the events, is published only after the
/// session holding them committed. A frame lost in a crash or a failed session is therefore never
/// an Event the device forgot: it repeats the batch until receipted, the cloud resends what it
/// needs acked, and devices repeat KeyReports and BindRequests until answered.
/// </summary>
public sealed class UplinkProcessor(IKeyStore store, IDeviceLink link, UplinkHandler handler, OutboxSignal outboxSignal, UplinkMetrics metrics, ILogger<UplinkProcessor> logger) : BackgroundService
{
    public const int BatchSize = 256;

    private readonly Channel<Uplink> _queue = Channel.CreateBounded<Uplink>(new BoundedChannelOptions(16_384) { SingleReader = true });

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await link.StartAsync(uplink => EnqueueAsync(uplink, stoppingToken), stoppingToken);
        var batch = new List<Uplink>(BatchSize);
        while (await _queue.Reader.WaitToReadAsync(stoppingToken))
        {
            batch.Clear();
            while (batch.Count < BatchSize && _queue.Reader.TryRead(out var uplink))
            {
                batch.Add(uplink);
            }

            metrics.BatchTaken(batch.Count);
            await ApplyAsync(batch, stoppingToken);
            outboxSignal.Notify();
        }
    }

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
            await _queue.Writer.WriteAsync(uplink, stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down with frames still arriving: dropped, as a crash would; devices repeat what matters.
        }
    }

    private async Task ApplyAsync(List<Uplink> batch, CancellationToken cancellationToken)
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

    private void LogDropped(Uplink uplink, Exception failure) =>
        logger.LogError(failure, "Could not apply a frame from {Device}; dropped unacknowledged (the device repeats what matters)", $"{uplink.DeviceId:x16}");

    private async Task ApplyInOneSessionAsync(IReadOnlyList<Uplink> uplinks, CancellationToken cancellationToken)
    {
        var receipts = new List<DownFrame>();
        await using (var session = await store.BeginAsync(cancellationToken))
        {
            foreach (var uplink in uplinks)
            {
                if (await handler.HandleAsync(session, uplink, cancellationToken) is { } receipt)
                {
                    receipts.Add(receipt);
                }
            }

            await session.CommitAsync(cancellationToken);
        }

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
