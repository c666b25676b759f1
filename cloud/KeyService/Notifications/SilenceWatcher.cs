using Microsoft.Extensions.Options;
using ShareKey.KeyService.Audit;
using ShareKey.KeyService.Devices;
using ShareKey.KeyService.Storage;

namespace ShareKey.KeyService.Notifications;

/// <summary>
/// Notices devices not heard from for longer than <see cref="NotificationOptions.SilentAfter"/> and
/// records each silence once as a "device.silent" audit entry — which the pipeline, like any other
/// audit entry, turns into a notification to operators. A device heard again starts a new silence.
/// </summary>
public sealed class SilenceWatcher(TransactionRunner transactions, AuditLog audit, IOptions<NotificationOptions> options, TimeProvider time, ILogger<SilenceWatcher> logger) : BackgroundService
{
    public const int BatchSize = 256;

    /// <summary>Longest gap between two looks: a silence is reported at most this late.</summary>
    public static readonly TimeSpan MaxCheckInterval = TimeSpan.FromMinutes(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var silentAfter = options.Value.SilentAfter;
        if (silentAfter <= TimeSpan.Zero)
        {
            return;
        }

        var interval = silentAfter / 4 < MaxCheckInterval ? silentAfter / 4 : MaxCheckInterval;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await ReportAsync(silentAfter, stoppingToken);
            }
            catch (Exception failure) when (failure is not OperationCanceledException)
            {
                logger.LogError(failure, "Looking for silent devices failed; trying again later");
            }

            await Task.Delay(interval, time, stoppingToken);
        }
    }

    /// <remarks>
    /// Several instances may look at once: each records its batch in ascending device id order, so
    /// two that found the same devices wait for each other's silence rows one way only (and the
    /// checks of those rows' devices at commit come in the devices' lock order too). Found oldest
    /// first, the batch's order would follow last-seen times, which two looks may see differently.
    /// </remarks>
    private Task ReportAsync(TimeSpan silentAfter, CancellationToken cancellationToken) =>
        transactions.RunAsync("Recording silent devices", async session =>
        {
            var now = time.GetUtcNow();
            var silent = await session.NotificationSources.UnreportedSilencesAsync(now - silentAfter, BatchSize, cancellationToken);
            foreach (var (deviceId, lastSeenAt) in silent.OrderBy(device => device.DeviceId))
            {
                await audit.AppendAsync(session, AuditLog.ServiceActor, "device.silent", DeviceService.Target(deviceId), $"last-seen={lastSeenAt:O} silent-after={silentAfter}", cancellationToken);
                await session.NotificationSources.RecordSilenceAsync(deviceId, lastSeenAt, now, cancellationToken);
            }
        }, cancellationToken);
}
