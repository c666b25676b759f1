using ShareKey.KeyService.Api;
using ShareKey.KeyService.Audit;
using ShareKey.KeyService.Auth;
using ShareKey.KeyService.Devices;
using ShareKey.KeyService.Problems;
using ShareKey.KeyService.Storage;

namespace ShareKey.KeyService.Rotation;

/// <summary>What operators do with rotations: start them (one device, a list, or the whole fleet), watch them, re-drive one now.</summary>
public sealed class RotationOperations(IKeyStore store, RotationService rotations, AuditLog audit)
{
    /// <summary>Devices per transaction when rotating many: large enough to be fast, small enough to keep locks short.</summary>
    public const int ChunkSize = 250;

    public async Task<IReadOnlyList<RotationRecord>> StartAsync(Caller caller, IReadOnlyList<ulong>? deviceIds, bool all, CancellationToken cancellationToken)
    {
        caller.RequireOperator("start rotations");
        if (all == (deviceIds is { Count: > 0 }))
        {
            throw new ServiceError(ErrorCode.InvalidRequest, "Name the devices to rotate, or ask for all of them — not both, not neither.");
        }

        IReadOnlyList<ulong> targets = deviceIds ?? [];
        if (all)
        {
            await using var session = await store.BeginAsync(cancellationToken);
            targets = (await session.Devices.ListAsync(kind: null, DeviceState.Active, cancellationToken)).Select(device => device.Id).ToList();
        }

        var started = new List<RotationRecord>(targets.Count);
        foreach (var chunk in targets.Chunk(ChunkSize))
        {
            started.AddRange(await audit.RunAsync(caller.Actor, "rotation.start", chunk.Length == 1 ? DeviceService.Target(chunk[0]) : $"devices:{chunk.Length}", async session =>
            {
                var batch = new List<RotationRecord>(chunk.Length);
                await session.Devices.LockAsync(chunk, cancellationToken);
                foreach (var id in chunk)
                {
                    var device = await DeviceService.ActiveDeviceAsync(session, id, cancellationToken);
                    batch.Add(await rotations.StartAsync(session, device, RotationCause.Operator, rentalId: null, [], caller.Actor, cancellationToken));
                }

                return batch;
            }, cancellationToken));
        }

        return started;
    }

    public async Task<IReadOnlyList<RotationRecord>> ListAsync(Caller caller, ulong? deviceId, RotationState? state, int limit, CancellationToken cancellationToken)
    {
        caller.RequireOperator("see rotations");
        await using var session = await store.BeginAsync(cancellationToken);
        return await session.Rotations.ListAsync(deviceId, state, Math.Clamp(limit, 1, 10_000), cancellationToken);
    }

    public async Task<RotationRecord> GetAsync(Caller caller, long id, CancellationToken cancellationToken)
    {
        caller.RequireOperator("see rotations");
        await using var session = await store.BeginAsync(cancellationToken);
        return await session.Rotations.GetAsync(id, cancellationToken) ?? throw NotFound(id);
    }

    public async Task<IReadOnlyDictionary<RotationState, int>> SummaryAsync(Caller caller, CancellationToken cancellationToken)
    {
        caller.RequireOperator("see rotations");
        await using var session = await store.BeginAsync(cancellationToken);
        return await session.Rotations.CountByStateAsync(cancellationToken);
    }

    /// <summary>Sends a given-up (or failed) rotation again now instead of at its re-drive time.</summary>
    public Task<RotationRecord> RedriveAsync(Caller caller, long id, CancellationToken cancellationToken)
    {
        caller.RequireOperator("re-drive rotations");
        return audit.RunAsync(caller.Actor, "rotation.redrive", $"rotation:{id}", async session =>
        {
            var deviceId = (await session.Rotations.GetAsync(id, cancellationToken) ?? throw NotFound(id)).DeviceId;
            // The device first, then the rotation read again under it (Storage/Sql/DeviceLocks.cs).
            await session.Devices.GetAsync(deviceId, forUpdate: true, cancellationToken);
            var rotation = await session.Rotations.GetAsync(id, cancellationToken) ?? throw NotFound(id);
            if (rotation.State is RotationState.Confirmed or RotationState.Sending)
            {
                throw new ServiceError(ErrorCode.Conflict, $"Rotation {id} is {Json.Name(rotation.State)}; only a given-up or failed rotation is re-driven.");
            }

            var device = await DeviceService.ActiveDeviceAsync(session, rotation.DeviceId, cancellationToken);
            return await rotations.RedriveAsync(session, device, rotation, caller.Actor, cancellationToken);
        }, cancellationToken);
    }

    private static ServiceError NotFound(long id) => new(ErrorCode.RotationNotFound, $"No rotation {id}.");
}
