using Microsoft.Extensions.Options;

namespace ShareKey.KeyService.Parking.Reservations;

/// <summary>
/// Every <see cref="ReservationOptions.NoShowScanInterval"/>, settles the reservations past their
/// no-show time (<see cref="ReservationService.SettleNoShowsAsync"/>). Several instances may run it
/// at once: each reservation is settled under its row lock, once.
/// </summary>
public sealed class NoShowWatcher(ReservationService reservations, IOptions<ReservationOptions> options, TimeProvider time, ILogger<NoShowWatcher> logger) : BackgroundService
{
    public const int BatchSize = 256;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = options.Value.NoShowScanInterval;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                (int Due, int Released) settled;
                do
                {
                    settled = await reservations.SettleNoShowsAsync(BatchSize, stoppingToken);
                    if (settled.Released > 0)
                    {
                        logger.LogInformation("Released {Count} reservation(s) as no-shows", settled.Released);
                    }
                }
                while (settled.Due == BatchSize && settled.Released > 0);
            }
            catch (Exception failure) when (failure is not OperationCanceledException)
            {
                logger.LogError(failure, "Settling no-show reservations failed; trying again later");
            }

            await Task.Delay(interval, time, stoppingToken);
        }
    }
}
