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
public sealed class SilenceWatcher(IKeyStore store, AuditLog audit, IOptions<NotificationOptions> options, TimeProvider time, ILogger<SilenceWatcher> logger) : BackgroundService
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

    private async Task ReportAsync(TimeSpan silentAfter, CancellationToken cancellationToken)
    {
        await using var session = await store.BeginAsync(cancellationToken);
        var now = time.GetUtcNow();
        foreach (var (deviceId, lastSeenAt) in await session.NotificationSources.UnreportedSilencesAsync(now - silentAfter, BatchSize, cancellationToken))
        {
            await audit.AppendAsync(session, AuditLog.ServiceActor, "device.silent", DeviceService.Target(deviceId), $"last-seen={lastSeenAt:O} silent-after={silentAfter}", cancellationToken);
            await session.NotificationSources.RecordSilenceAsync(deviceId, lastSeenAt, now, cancellationToken);
        }

        await session.CommitAsync(cancellationToken);
    }
}
