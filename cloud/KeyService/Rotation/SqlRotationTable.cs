using System.Data.Common;
using ShareKey.KeyService.Storage;
using ShareKey.KeyService.Storage.Sql;

namespace ShareKey.KeyService.Rotation;

internal sealed class SqlRotationTable(SqlStoreSession session) : IRotationTable
{
    private const string Columns =
        "id, device_id, cause, rental_id, from_epoch, backup_key_sealed, to_epoch, new_key_sealed, revoked_key_ids, state, outbox_id, " +
        "redrives, created_at, updated_at, confirmed_at, redrive_at, last_error";

    private const string InsertColumns =
        "device_id, cause, rental_id, from_epoch, backup_key_sealed, to_epoch, new_key_sealed, revoked_key_ids, state, outbox_id, " +
        "redrives, created_at, updated_at, confirmed_at, redrive_at, last_error";

    private static readonly SqlRows InsertRows = new(
        ("device_id", SqlRowType.Bigint), ("cause", SqlRowType.Bigint), ("rental_id", SqlRowType.Bigint), ("from_epoch", SqlRowType.Bigint),
        ("backup_key_sealed", SqlRowType.Bytea), ("to_epoch", SqlRowType.Bigint), ("new_key_sealed", SqlRowType.Bytea),
        ("revoked_key_ids", SqlRowType.Bytea), ("state", SqlRowType.Bigint), ("outbox_id", SqlRowType.Bigint), ("redrives", SqlRowType.Bigint),
        ("created_at", SqlRowType.Bigint), ("updated_at", SqlRowType.Bigint), ("confirmed_at", SqlRowType.Bigint), ("redrive_at", SqlRowType.Bigint),
        ("last_error", SqlRowType.Text));

    private static readonly string[] ChangingColumns =
        ["backup_key_sealed", "revoked_key_ids", "state", "outbox_id", "redrives", "updated_at", "confirmed_at", "redrive_at", "last_error"];

    private static readonly SqlRows ChangingRows = new(
        [("id", SqlRowType.Bigint), .. ChangingColumns.Select(column => (column, InsertRows.TypeOf(column)))]);

    // The states the rotations_open index allows once per device (Sending, GaveUp). These conditions are written
    // out as constants: a partial index's WHERE is proven by constants, not by parameters.
    private const string IsOpen = "state IN (1, 3)";

    // The state rotations_redrive holds (GaveUp).
    private const string IsGaveUp = "state = 3";

    // The state rotations_failed holds (Failed).
    private const string IsFailed = "state = 4";

    // Confirmed is final: a confirmed rotation is never written again, so the running total in rotation_totals
    // counts each one once.
    private const string IsNotConfirmed = "state <> 2";

    private const string AddConfirmed = "UPDATE rotation_totals SET rotations = rotations + @confirmed WHERE state = 2 AND shard = @shard";

    // The rows of a running total (SqlMigrations, "rotations counted by state without reading them all").
    private const int TotalShards = 16;

    public async Task<long> InsertAsync(RotationRecord rotation, CancellationToken cancellationToken) =>
        (await InsertAsync([rotation], cancellationToken))[0];

    public async Task<IReadOnlyList<long>> InsertAsync(IReadOnlyList<RotationRecord> rotations, CancellationToken cancellationToken)
    {
        var rows = rotations.Select(Arguments).ToList();
        var ids = session.Dialect.TakesRowArrays
            // A statement's rows are of distinct devices (SqlStoreSession.EachRowAsync's rounds): the device tells them apart.
            ? await session.EachRowAsync(
                $"""
                INSERT INTO rotations ({InsertColumns})
                SELECT {InsertColumns} FROM {InsertRows.From("v")}
                ON CONFLICT DO NOTHING
                RETURNING device_id, id
                """,
                InsertRows, rows, i => rotations[i].DeviceId, row => (row.GetId(0), row.GetInt64(1)), cancellationToken)
            : [.. (await session.ScalarEachAsync(
                $"""
                INSERT INTO rotations ({InsertColumns})
                VALUES (@device_id, @cause, @rental_id, @from_epoch, @backup_key_sealed, @to_epoch, @new_key_sealed,
                    @revoked_key_ids, @state, @outbox_id, @redrives, @created_at, @updated_at, @confirmed_at, @redrive_at, @last_error)
                ON CONFLICT DO NOTHING
                RETURNING id
                """,
                rows, cancellationToken)).Select(id => id is null ? (long?)null : Convert.ToInt64(id))];
        IReadOnlyList<long> inserted = [.. ids.Select((id, i) => id ?? throw new StoreConflictException($"Device {rotations[i].DeviceId} already has an open rotation."))];
        await CountConfirmedAsync(rotations.Count(rotation => rotation.State == RotationState.Confirmed), cancellationToken);
        return inserted;
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
                OpenForDevicesSql(session.Dialect),
                [("@device_ids", session.Dialect.IdsValue([.. deviceIds.Select(SqlValues.Id)]))], Read, cancellationToken);

    /// <summary>Read for every KeyReport batch and every start of rotations: the devices' open rotations, through rotations_open.</summary>
    internal static string OpenForDevicesSql(SqlDialect dialect) =>
        $"SELECT {Columns} FROM rotations WHERE {dialect.InIds("device_id", "@device_ids")} AND {dialect.MostRowsMeet(IsOpen)}";

    public async Task<IReadOnlyList<RotationRecord>> ListAsync(ulong? deviceId, RotationState? state, int limit, CancellationToken cancellationToken)
    {
        var (sql, filter) = List(deviceId, state);
        return await session.QueryAsync(sql, filter.Arguments(("@limit", (long)limit)), Read, cancellationToken);
    }

    /// <summary>
    /// Newest first by number, the order the store gave them, which the primary key, rotations_device and
    /// rotations_failed hold: a page reads as many rotations as it shows, not every one stored. The state as a
    /// constant, and for an open one the WHERE of rotations_open word for word, so the open and failed rotations are
    /// found through the partial index that holds them. Open ones are then sorted by an expression (+id), which no
    /// index yields in order: SQLite would otherwise walk every rotation by number, looking for a few open ones.
    /// </summary>
    internal static (string Sql, SqlFilter Filter) List(ulong? deviceId, RotationState? state)
    {
        var filter = new SqlFilter().IdIfGiven("device_id", deviceId);
        var order = "id";
        if (state is { } given)
        {
            filter.Add($"state = {(long)given}");
            if (given is RotationState.Sending or RotationState.GaveUp)
            {
                filter.Add(IsOpen);
                order = "+id";
            }
        }

        return ($"SELECT {Columns} FROM rotations{filter.Where} ORDER BY {order} DESC LIMIT @limit", filter);
    }

    /// <summary>Each state where it is kept small (SqlMigrations, "rotations counted by state without reading them all"): never every rotation.</summary>
    internal const string CountByStateSql = $"""
        SELECT state, count(*) FROM rotations WHERE {IsOpen} GROUP BY state
        UNION ALL SELECT 4, count(*) FROM rotations WHERE {IsFailed}
        UNION ALL SELECT state, CAST(sum(rotations) AS BIGINT) FROM rotation_totals GROUP BY state
        """;

    public async Task<IReadOnlyDictionary<RotationState, int>> CountByStateAsync(CancellationToken cancellationToken)
    {
        var counts = await session.QueryAsync(
            CountByStateSql, [],
            row => ((RotationState)row.GetInt64(0), row.GetInt(1)), cancellationToken);
        return counts.Where(count => count.Item2 > 0).ToDictionary(count => count.Item1, count => count.Item2);
    }

    /// <summary>Takes no lock: whoever re-drives one locks its device and reads it again (the lock order, DeviceLocks.cs).</summary>
    public async Task<IReadOnlyList<RotationRecord>> DueForRedriveAsync(DateTimeOffset now, int limit, CancellationToken cancellationToken) =>
        await session.QueryAsync(
            $"""
            SELECT {Columns} FROM rotations WHERE {IsGaveUp} AND redrive_at <= @now
            ORDER BY redrive_at, id LIMIT @limit
            """,
            [("@now", SqlValues.Time(now)), ("@limit", (long)limit)], Read, cancellationToken);

    public async Task<bool> UpdateAsync(RotationRecord rotation, CancellationToken cancellationToken) =>
        (await UpdateAsync([rotation], cancellationToken))[0];

    /// <summary>PostgreSQL's one statement for a batch of rotations (<see cref="UpdateManyArguments"/>).</summary>
    internal static readonly string UpdateManySql =
        $"""
        UPDATE rotations AS r SET {string.Join(", ", ChangingColumns.Select(column => $"{column} = v.{column}"))}
        FROM {ChangingRows.From("v")}
        WHERE {ChangingRows.Matches("r", "v", "id")} AND r.{IsNotConfirmed} AND (NOT v.{IsOpen} OR r.{IsOpen})
        RETURNING r.id
        """;

    internal static (string Name, object? Value)[] UpdateManyArguments(IReadOnlyList<RotationRecord> rotations) =>
        ChangingRows.Arguments([.. rotations.Select(Changing)]);

    public async Task<IReadOnlyList<bool>> UpdateAsync(IReadOnlyList<RotationRecord> rotations, CancellationToken cancellationToken)
    {
        var update = $"UPDATE rotations SET {string.Join(", ", ChangingColumns.Select(column => $"{column} = @{column}"))} WHERE id = @id AND {IsNotConfirmed}";
        var rows = rotations.Select(Changing).ToList();
        static bool Opens(RotationRecord rotation) => rotation.State is RotationState.Sending or RotationState.GaveUp;
        bool[] updated;
        if (session.Dialect.TakesRowArrays)
        {
            // One statement for both kinds: a rotation ending open is written only where it is open already.
            updated = [.. (await session.EachRowAsync(
                UpdateManySql, ChangingRows, rows, i => rotations[i].Id, row => (row.GetInt64(0), 0L), cancellationToken)).Select(changed => changed is not null)];
        }
        else
        {
            updated = new bool[rotations.Count];
            var closed = Enumerable.Range(0, rotations.Count).Where(i => !Opens(rotations[i])).ToList();
            var open = Enumerable.Range(0, rotations.Count).Where(i => Opens(rotations[i])).ToList();
            foreach (var (changed, i) in (await session.ExecuteEachAsync(update, [.. closed.Select(i => rows[i])], cancellationToken)).Zip(closed))
            {
                updated[i] = changed == 1;
            }

            foreach (var (changed, i) in (await session.ExecuteEachAsync($"{update} AND {IsOpen}", [.. open.Select(i => rows[i])], cancellationToken)).Zip(open))
            {
                updated[i] = changed == 1;
            }
        }

        // Only a rotation becoming open can meet another open one. One that stays open (the usual
        // case) is its device's open rotation already: no savepoint, which costs PostgreSQL two round trips.
        for (var i = 0; i < rotations.Count; i++)
        {
            if (!updated[i] && Opens(rotations[i]))
            {
                updated[i] = await session.ExecuteGuardedAsync(update, rows[i], cancellationToken) == 1;
            }
        }

        await CountConfirmedAsync(rotations.Where((rotation, i) => updated[i] && rotation.State == RotationState.Confirmed).Count(), cancellationToken);
        return updated;
    }

    private Task CountConfirmedAsync(int confirmed, CancellationToken cancellationToken) =>
        confirmed == 0
            ? Task.CompletedTask
            : session.ExecuteAtCommitAsync(AddConfirmed, [("@confirmed", (long)confirmed), ("@shard", (long)Random.Shared.Next(TotalShards))], cancellationToken);

    /// <summary>What changes of a rotation once it is started: the rest (device, cause, rental, epochs, new key, creation) never does.</summary>
    private static (string Name, object? Value)[] Changing(RotationRecord rotation) =>
    [
        ("@id", rotation.Id),
        ("@backup_key_sealed", rotation.BackupKeySealed),
        ("@revoked_key_ids", SqlValues.PackIds(rotation.RevokedKeyIds)),
        ("@state", (long)rotation.State),
        ("@outbox_id", rotation.OutboxId),
        ("@redrives", (long)rotation.Redrives),
        ("@updated_at", SqlValues.Time(rotation.UpdatedAt)),
        ("@confirmed_at", SqlValues.Time(rotation.ConfirmedAt)),
        ("@redrive_at", SqlValues.Time(rotation.RedriveAt)),
        ("@last_error", rotation.LastError),
    ];

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
