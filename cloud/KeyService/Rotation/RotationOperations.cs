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
    /// <summary>
    /// Devices per transaction when rotating many. What a start writes by device id (the device row,
    /// index leaves of rotations, outbox and audit) lands on pages that the chunk's other devices share
    /// the more of, the larger it is, and each page a session dirties is written to the WAL once: with
    /// uplink batches to match, a burst rotation wrote 5.2 WAL pages instead of 10.5 at 250 (fleet
    /// benchmark). The price is longer sessions while a fleet is rotated, which SQLite's other writes
    /// wait for: the burst's sessions took 31-51 ms on average (p99 under 256 ms) instead of 9 ms.
    /// </summary>
    public const int ChunkSize = 1000;

    /// <summary>
    /// Chunks started at once on PostgreSQL, whose sessions run side by side; SQLite's would only
    /// queue for its one writer. The chunks of one request hold disjoint devices, and each locks
    /// its own in one statement in ascending id order, as every session that locks several does
    /// (Storage/Sql/DeviceLocks.cs): they never wait for each other, and with others only in that order.
    /// </summary>
    public const int PostgresChunksAtOnce = 4;

    /// <summary>
    /// Starts (or, for a device with one open, sends again) a rotation of each device named once;
    /// chunk by chunk, each chunk one transaction, so a failure leaves earlier chunks started and
    /// starts no new one. Returns the rotations in the order the devices were named.
    /// </summary>
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
            await using var session = await store.BeginReadAsync(cancellationToken);
            targets = (await session.Devices.ListAsync(kind: null, DeviceState.Active, cancellationToken)).Select(device => device.Id).ToList();
        }

        var chunks = targets.Distinct().Chunk(ChunkSize).ToList();
        var started = new IReadOnlyList<RotationRecord>[chunks.Count];
        var next = -1;
        var failed = false;
        await Task.WhenAll(Enumerable.Range(0, Math.Min(store.Kind == "postgresql" ? PostgresChunksAtOnce : 1, chunks.Count)).Select(async _ =>
        {
            int index;
            while (!Volatile.Read(ref failed) && (index = Interlocked.Increment(ref next)) < chunks.Count)
            {
                try
                {
                    started[index] = await StartChunkAsync(caller, chunks[index], cancellationToken);
                }
                catch
                {
                    Volatile.Write(ref failed, true);
                    throw;
                }
            }
        }));
        return [.. started.SelectMany(chunk => chunk)];
    }

    private Task<IReadOnlyList<RotationRecord>> StartChunkAsync(Caller caller, ulong[] chunk, CancellationToken cancellationToken) =>
        audit.RunAsync(caller.Actor, "rotation.start", chunk.Length == 1 ? DeviceService.Target(chunk[0]) : $"devices:{chunk.Length}", async session =>
        {
            await session.Devices.LockAsync(chunk, cancellationToken);
            var devices = new List<Device>(chunk.Length);
            foreach (var id in chunk)
            {
                devices.Add(await DeviceService.ActiveDeviceAsync(session, id, cancellationToken));
            }

            return await rotations.StartAsync(session, devices, RotationCause.Operator, rentalId: null, [], caller.Actor, cancellationToken);
        }, cancellationToken);

    public async Task<IReadOnlyList<RotationRecord>> ListAsync(Caller caller, ulong? deviceId, RotationState? state, int limit, CancellationToken cancellationToken)
    {
        caller.RequireOperator("see rotations");
        await using var session = await store.BeginReadAsync(cancellationToken);
        return await session.Rotations.ListAsync(deviceId, state, Math.Clamp(limit, 1, 10_000), cancellationToken);
    }

    public async Task<RotationRecord> GetAsync(Caller caller, long id, CancellationToken cancellationToken)
    {
        caller.RequireOperator("see rotations");
        await using var session = await store.BeginReadAsync(cancellationToken);
        return await session.Rotations.GetAsync(id, cancellationToken) ?? throw NotFound(id);
    }

    public async Task<IReadOnlyDictionary<RotationState, int>> SummaryAsync(Caller caller, CancellationToken cancellationToken)
    {
        caller.RequireOperator("see rotations");
        await using var session = await store.BeginReadAsync(cancellationToken);
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
