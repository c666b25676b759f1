using ShareKey.KeyService.Storage;

namespace ShareKey.KeyService.Uplinks;

/// <summary>
/// Keeps the uplinks table (which up messages were handled, for idempotency) bounded: every <see cref="Interval"/>
/// it forgets those older than <see cref="KeepFor"/> that are not among the newest <see cref="KeepPerDevice"/> of
/// their device (by message id, <see cref="IUplinkTable.PruneAsync"/>). A duplicate comes from a broker redelivery (seconds) or from a device resending its one
/// unacknowledged Event batch (every 30 s while online, and after a reconnect); a device that sent 64 messages since
/// has long had that batch acknowledged, and one that sent nothing since still has it among its newest. The table
/// holds at most 64 rows per device plus a week of traffic.
/// <para>
/// The delete goes through the <see cref="TransactionRunner"/>, as every background write does: when the database
/// undoes it for colliding with another session (a deadlock on PostgreSQL, another process holding SQLite's
/// writer too long) it runs again instead of failing until the next hour.
/// </para>
/// </summary>
public sealed class UplinkPruner(TransactionRunner transactions, TimeProvider time, ILogger<UplinkPruner> logger) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromHours(1);

    public static readonly TimeSpan KeepFor = TimeSpan.FromDays(7);

    public const int KeepPerDevice = 64;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, time);
        do
        {
            try
            {
                await PruneOnceAsync(stoppingToken);
            }
            catch (Exception failure) when (failure is not OperationCanceledException)
            {
                logger.LogError(failure, "Pruning the uplinks table failed; trying again in {Interval}", Interval);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    public async Task<int> PruneOnceAsync(CancellationToken cancellationToken)
    {
        var pruned = await transactions.RunAsync(
            "Pruning handled uplinks", session => session.Uplinks.PruneAsync(time.GetUtcNow() - KeepFor, KeepPerDevice, cancellationToken), cancellationToken);
        if (pruned > 0)
        {
            logger.LogInformation("Forgot {Count} handled uplinks older than {KeepFor} beyond each device's newest {KeepPerDevice}", pruned, KeepFor, KeepPerDevice);
        }
        return pruned;
    }
}
