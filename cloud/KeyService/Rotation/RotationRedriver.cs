using ShareKey.KeyService.Audit;
using ShareKey.KeyService.Devices;
using ShareKey.KeyService.Storage;

namespace ShareKey.KeyService.Rotation;

/// <summary>
/// Re-drives rotations that gave up once their RedriveAt has come (R0.4: "re-drive later"). A device
/// that reconnects sooner is re-driven by its KeyReport. The due rotations are read without locks;
/// each is re-driven in its own session that locks its device first and reads the rotation again
/// under it (the lock order, Storage/Sql/DeviceLocks.cs), so an ack, a KeyReport or another instance
/// that got there first wins and the rotation is sent once.
/// </summary>
public sealed class RotationRedriver(TransactionRunner transactions, RotationService rotations, TimeProvider time, ILogger<RotationRedriver> logger) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    private const int BatchSize = 256;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                var due = await transactions.RunAsync("Finding rotations to re-drive", session => session.Rotations.DueForRedriveAsync(time.GetUtcNow(), BatchSize, stoppingToken), stoppingToken);
                foreach (var rotation in due.OrderBy(rotation => rotation.DeviceId))
                {
                    await transactions.RunAsync($"Re-driving rotation {rotation.Id}", session => RedriveAsync(session, rotation.DeviceId, rotation.Id, stoppingToken), stoppingToken);
                }
            }
            catch (Exception failure) when (failure is not OperationCanceledException)
            {
                logger.LogError(failure, "Re-driving rotations failed; trying again in {Interval}", Interval);
            }
        }
    }

    private async Task RedriveAsync(IStoreSession session, ulong deviceId, long rotationId, CancellationToken cancellationToken)
    {
        if (await session.Devices.GetAsync(deviceId, forUpdate: true, cancellationToken) is { State: Devices.DeviceState.Active } device
            && await session.Rotations.GetAsync(rotationId, cancellationToken) is { State: RotationState.GaveUp } rotation
            && rotation.RedriveAt <= time.GetUtcNow())
        {
            await rotations.RedriveAsync(session, device, rotation, AuditLog.ServiceActor, cancellationToken);
        }
    }
}
