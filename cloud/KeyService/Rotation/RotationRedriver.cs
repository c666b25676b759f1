using ShareKey.KeyService.Audit;
using ShareKey.KeyService.Devices;
using ShareKey.KeyService.Storage;

namespace ShareKey.KeyService.Rotation;

/// <summary>Re-drives rotations that gave up once their RedriveAt has come (R0.4: "re-drive later"). A device that reconnects sooner is re-driven by its KeyReport.</summary>
public sealed class RotationRedriver(IKeyStore store, RotationService rotations, TimeProvider time, ILogger<RotationRedriver> logger) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await using var session = await store.BeginAsync(stoppingToken);
                foreach (var rotation in await session.Rotations.DueForRedriveAsync(time.GetUtcNow(), 256, stoppingToken))
                {
                    if (await session.Devices.GetAsync(rotation.DeviceId, forUpdate: true, stoppingToken) is { State: Devices.DeviceState.Active } device)
                    {
                        await rotations.RedriveAsync(session, device, rotation, AuditLog.ServiceActor, stoppingToken);
                    }
                }

                await session.CommitAsync(stoppingToken);
            }
            catch (Exception failure) when (failure is not OperationCanceledException)
            {
                logger.LogError(failure, "Re-driving rotations failed; trying again in {Interval}", Interval);
            }
        }
    }
}
