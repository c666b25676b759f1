using System.Data.Common;
using ShareKey.KeyService.Storage;
using ShareKey.KeyService.Storage.Sql;

namespace ShareKey.KeyService.Rotation;

internal sealed class SqlRotationTable(SqlStoreSession session) : IRotationTable
{
    private const string Columns =
        "id, device_id, cause, rental_id, from_epoch, backup_key_sealed, to_epoch, new_key_sealed, revoked_key_ids, state, outbox_id, " +
        "redrives, created_at, updated_at, confirmed_at, redrive_at, last_error";

    // The states the rotations_open index allows once per device.
    private const string IsOpen = "state IN (1, 3)";

    public async Task<long> InsertAsync(RotationRecord rotation, CancellationToken cancellationToken) =>
        (await InsertAsync([rotation], cancellationToken))[0];

    public async Task<IReadOnlyList<long>> InsertAsync(IReadOnlyList<RotationRecord> rotations, CancellationToken cancellationToken)
    {
        var ids = await session.ScalarEachAsync(
            """
            INSERT INTO rotations (device_id, cause, rental_id, from_epoch, backup_key_sealed, to_epoch, new_key_sealed,
                revoked_key_ids, state, outbox_id, redrives, created_at, updated_at, confirmed_at, redrive_at, last_error)
            VALUES (@device_id, @cause, @rental_id, @from_epoch, @backup_key_sealed, @to_epoch, @new_key_sealed,
                @revoked_key_ids, @state, @outbox_id, @redrives, @created_at, @updated_at, @confirmed_at, @redrive_at, @last_error)
            ON CONFLICT DO NOTHING
            RETURNING id
            """,
            [.. rotations.Select(Arguments)], cancellationToken);
        return [.. ids.Select((id, i) => id is null
            ? throw new StoreConflictException($"Device {rotations[i].DeviceId} already has an open rotation.")
            : Convert.ToInt64(id))];
    }

    public async Task<RotationRecord?> GetAsync(long id, CancellationToken cancellationToken) =>
        (await GetAsync([id], cancellationToken))[0];

    public Task<IReadOnlyList<RotationRecord?>> GetAsync(IReadOnlyList<long> ids, CancellationToken cancellationToken) =>
        session.GetByIdsAsync("rotations", Columns, ids, Read, rotation => rotation.Id, cancellationToken);

    public Task<RotationRecord?> OpenForDeviceAsync(ulong deviceId, CancellationToken cancellationToken) =>
        session.QuerySingleAsync(
            $"SELECT {Columns} FROM rotations WHERE device_id = @device_id AND {IsOpen}",
            [("@device_id", SqlValues.Id(deviceId))], Read, cancellationToken);

    public async Task<IReadOnlyList<RotationRecord>> OpenForDevicesAsync(IReadOnlyList<ulong> deviceIds, CancellationToken cancellationToken) =>
        deviceIds.Count == 0
            ? []
            : await session.QueryAsync(
                $"SELECT {Columns} FROM rotations WHERE {session.Dialect.InIds("device_id", "@device_ids")} AND {IsOpen}",
                [("@device_ids", session.Dialect.IdsValue([.. deviceIds.Select(SqlValues.Id)]))], Read, cancellationToken);

    public async Task<IReadOnlyList<RotationRecord>> ListAsync(ulong? deviceId, RotationState? state, int limit, CancellationToken cancellationToken)
    {
        var filter = new SqlFilter()
            .IdIfGiven("device_id", deviceId)
            .EqualIfGiven("state", (long?)state);

        return await session.QueryAsync(
            $"SELECT {Columns} FROM rotations{filter.Where} ORDER BY created_at DESC, id DESC LIMIT @limit",
            filter.Arguments(("@limit", (long)limit)), Read, cancellationToken);
    }

    public async Task<IReadOnlyDictionary<RotationState, int>> CountByStateAsync(CancellationToken cancellationToken)
    {
        var counts = await session.QueryAsync(
            "SELECT state, count(*) FROM rotations GROUP BY state", [],
            row => ((RotationState)row.GetInt64(0), row.GetInt(1)), cancellationToken);
        return counts.ToDictionary(count => count.Item1, count => count.Item2);
    }

    /// <summary>Takes no lock: whoever re-drives one locks its device and reads it again (the lock order, DeviceLocks.cs).</summary>
    public async Task<IReadOnlyList<RotationRecord>> DueForRedriveAsync(DateTimeOffset now, int limit, CancellationToken cancellationToken) =>
        await session.QueryAsync(
            $"""
            SELECT {Columns} FROM rotations WHERE state = @gave_up AND redrive_at <= @now
            ORDER BY redrive_at, id LIMIT @limit
            """,
            [("@gave_up", (long)RotationState.GaveUp), ("@now", SqlValues.Time(now)), ("@limit", (long)limit)], Read, cancellationToken);

    public async Task<bool> UpdateAsync(RotationRecord rotation, CancellationToken cancellationToken) =>
        (await UpdateAsync([rotation], cancellationToken))[0];

    public async Task<IReadOnlyList<bool>> UpdateAsync(IReadOnlyList<RotationRecord> rotations, CancellationToken cancellationToken)
    {
        const string update = """
            UPDATE rotations SET device_id = @device_id, cause = @cause, rental_id = @rental_id, from_epoch = @from_epoch,
                backup_key_sealed = @backup_key_sealed, to_epoch = @to_epoch, new_key_sealed = @new_key_sealed,
                revoked_key_ids = @revoked_key_ids, state = @state, outbox_id = @outbox_id, redrives = @redrives,
                created_at = @created_at, updated_at = @updated_at, confirmed_at = @confirmed_at, redrive_at = @redrive_at,
                last_error = @last_error
            WHERE id = @id
            """;
        var updated = new bool[rotations.Count];
        var closed = rotations.Select((rotation, i) => (rotation, i)).Where(r => r.rotation.State is not (RotationState.Sending or RotationState.GaveUp)).ToList();
        var open = rotations.Select((rotation, i) => (rotation, i)).Where(r => r.rotation.State is RotationState.Sending or RotationState.GaveUp).ToList();
        foreach (var (changed, (_, i)) in (await session.ExecuteEachAsync(update, [.. closed.Select(r => WithId(r.rotation))], cancellationToken)).Zip(closed))
        {
            updated[i] = changed == 1;
        }

        // Only a rotation becoming open can meet another open one. One that stays open (the usual
        // case) is its device's open rotation already: no savepoint, which costs PostgreSQL two round trips.
        foreach (var (changed, (rotation, i)) in (await session.ExecuteEachAsync($"{update} AND {IsOpen}", [.. open.Select(r => WithId(r.rotation))], cancellationToken)).Zip(open))
        {
            updated[i] = changed == 1 || await session.ExecuteGuardedAsync(update, WithId(rotation), cancellationToken) == 1;
        }

        return updated;
    }

    private static (string Name, object? Value)[] WithId(RotationRecord rotation) => [("@id", rotation.Id), .. Arguments(rotation)];

    private static (string Name, object? Value)[] Arguments(RotationRecord rotation) =>
    [
        ("@device_id", SqlValues.Id(rotation.DeviceId)),
        ("@cause", (long)rotation.Cause),
        ("@rental_id", rotation.RentalId),
        ("@from_epoch", (long)rotation.FromEpoch),
        ("@backup_key_sealed", rotation.BackupKeySealed),
        ("@to_epoch", (long)rotation.ToEpoch),
        ("@new_key_sealed", rotation.NewKeySealed),
        ("@revoked_key_ids", SqlValues.PackIds(rotation.RevokedKeyIds)),
        ("@state", (long)rotation.State),
        ("@outbox_id", rotation.OutboxId),
        ("@redrives", (long)rotation.Redrives),
        ("@created_at", SqlValues.Time(rotation.CreatedAt)),
        ("@updated_at", SqlValues.Time(rotation.UpdatedAt)),
        ("@confirmed_at", SqlValues.Time(rotation.ConfirmedAt)),
        ("@redrive_at", SqlValues.Time(rotation.RedriveAt)),
        ("@last_error", rotation.LastError),
    ];

    private static RotationRecord Read(DbDataReader row) => new(
        row.GetInt64(0),
        row.GetId(1),
        (RotationCause)row.GetInt64(2),
        row.GetInt64OrNull(3),
        row.GetUInt32(4),
        row.GetBlobOrNull(5),
        row.GetUInt32(6),
        row.GetBlob(7),
        SqlValues.UnpackIds(row.GetBlob(8)),
        (RotationState)row.GetInt64(9),
        row.GetInt64OrNull(10),
        row.GetInt(11),
        row.GetTime(12),
        row.GetTime(13),
        row.GetTimeOrNull(14),
        row.GetTimeOrNull(15),
        row.GetStringOrNull(16));
}
