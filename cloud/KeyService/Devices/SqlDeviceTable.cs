using System.Data.Common;
using ShareKey.KeyService.Storage;
using ShareKey.KeyService.Storage.Sql;

namespace ShareKey.KeyService.Devices;

internal sealed class SqlDeviceTable(SqlStoreSession session) : IDeviceTable
{
    private const string Columns =
        "id, kind, name, state, root_key_sealed, epoch, epoch_key_sealed, last_down_message_id, bulletin_sequence, created_at, last_seen_at, decommissioned_at, rentable";

    // What an update writes: every column but the id.
    private static readonly string[] WrittenColumns = Columns.Split(", ")[1..];

    private static readonly SqlRows Rows = new(
        ("id", SqlRowType.Bigint), ("kind", SqlRowType.Bigint), ("name", SqlRowType.Text), ("state", SqlRowType.Bigint), ("root_key_sealed", SqlRowType.Bytea),
        ("epoch", SqlRowType.Bigint), ("epoch_key_sealed", SqlRowType.Bytea), ("last_down_message_id", SqlRowType.Bigint), ("bulletin_sequence", SqlRowType.Bigint),
        ("created_at", SqlRowType.Bigint), ("last_seen_at", SqlRowType.Bigint), ("decommissioned_at", SqlRowType.Bigint), ("rentable", SqlRowType.Bigint));

    private static readonly SqlRows NumberingRows = new(("id", SqlRowType.Bigint));

    private static readonly SqlRows TouchRows = new(("id", SqlRowType.Bigint), ("seen_at", SqlRowType.Bigint));

    /// <summary>How many columns <see cref="Read(DbDataReader, int)"/> reads.</summary>
    public static readonly int ColumnCount = Columns.Split(", ").Length;

    /// <summary>
    /// Rows this session locked and has not written since: exactly what the database holds, since
    /// no other session may change a locked row (SQLite: none may write at all). A write through this
    /// table forgets the device's row, so the next read goes to the database again.
    /// </summary>
    private readonly Dictionary<ulong, Device> locked = [];

    /// <summary>
    /// How a device's row is locked: FOR NO KEY UPDATE, as sound as FOR UPDATE here because nothing
    /// changes or deletes a device's id (its only key: devices_active_name is a partial index of an
    /// expression, which PostgreSQL does not count), and two lockers of one device still queue. Unlike
    /// FOR UPDATE it lets another session insert a row that names the device (an uplink, an event)
    /// and commit while the device is held: that insert's deferred foreign-key check takes FOR KEY SHARE.
    /// </summary>
    private string LockRow => session.Dialect.ForNoKeyUpdate;

    public async Task InsertAsync(Device device, CancellationToken cancellationToken)
    {
        session.DeviceLocks.Taken(device.Id);
        var inserted = await session.ExecuteAsync(
            $"""
            INSERT INTO devices ({Columns})
            VALUES (@id, @kind, @name, @state, @root_key_sealed, @epoch, @epoch_key_sealed, @last_down_message_id,
                    @bulletin_sequence, @created_at, @last_seen_at, @decommissioned_at, @rentable)
            ON CONFLICT DO NOTHING
            """,
            Arguments(device), cancellationToken);
        if (inserted == 0)
        {
            throw new StoreConflictException($"A device with id {device.Id:x16}, or one in service named '{device.Name}', exists.");
        }
    }

    /// <summary>
    /// The state is written out, not a parameter: only then can the planner prove the WHERE of
    /// devices_active_name (state = 1) and look the name up there. With a parameter SQLite read every
    /// device for each board provisioned (a check of its name).
    /// </summary>
    internal static readonly string FindActiveByNameSql = $"SELECT {Columns} FROM devices WHERE lower(name) = lower(@name) AND state = {(long)DeviceState.Active}";

    public Task<Device?> FindActiveByNameAsync(string name, CancellationToken cancellationToken) =>
        session.QuerySingleAsync(FindActiveByNameSql, [("@name", name)], Read, cancellationToken);

    public async Task<Device?> GetAsync(ulong id, bool forUpdate, CancellationToken cancellationToken)
    {
        if (locked.TryGetValue(id, out var held))
        {
            return held;
        }

        if (forUpdate)
        {
            session.DeviceLocks.Taken(id);
        }

        var device = await session.QuerySingleAsync(
            $"SELECT {Columns} FROM devices WHERE id = @id{(forUpdate ? LockRow : "")}",
            [("@id", SqlValues.Id(id))], Read, cancellationToken);
        if (forUpdate && device is not null)
        {
            locked[id] = device;
        }

        return device;
    }

    public async Task<IReadOnlyList<Device>> LockAsync(IEnumerable<ulong> ids, CancellationToken cancellationToken)
    {
        var wanted = ids.Distinct().ToList();
        var unread = wanted.Where(id => !locked.ContainsKey(id)).Select(SqlValues.Id).ToList();
        foreach (var id in wanted)
        {
            session.DeviceLocks.Taken(id);
        }

        if (unread.Count > 0)
        {
            // One statement for the lot. PostgreSQL locks the rows in the order of ORDER BY: the ids
            // as unsigned numbers (stored as signed ones, so those from 2^63 up come negative, last).
            foreach (var device in await session.QueryAsync(
                $"SELECT {Columns} FROM devices WHERE {session.Dialect.InIds("id", "@ids")} ORDER BY id < 0, id{LockRow}",
                [("@ids", session.Dialect.IdsValue(unread))], Read, cancellationToken))
            {
                locked[device.Id] = device;
            }
        }

        return [.. wanted.Where(locked.ContainsKey).Order().Select(id => locked[id])];
    }

    /// <summary>
    /// PostgreSQL: a statement that locks, as <see cref="GetAsync"/> with forUpdate does and in the store's lock order
    /// (<see cref="LockAsync"/>), every device named in <c>@ids</c> and every device an active binding of a VIN in
    /// <c>@vins</c> names; returns each locked device's id beside that VIN (NULL for one named by id). The bindings are
    /// read as the statement starts, before any wait for a lock: a caller that needs a VIN still bound to its device
    /// reads the binding again under the lock. For a caller that sends it together with what it reads under the locks
    /// (<see cref="SqlStoreSession.QueryThenAsync"/>) and records the locks itself. With <paramref name="skipLocked"/>
    /// it waits for no lock: a device another session holds is left out.
    /// <para>
    /// Each VIN's binding is looked up on its own, one probe of an index by VIN, whatever the statistics say. Joined
    /// to the bindings as a set, the plan read every active binding while the table was new and not yet analyzed (as
    /// right after a fleet is provisioned, and in the benchmark): 0.5 ms a batch instead of 0.1 (bench README, "The
    /// next issue batch during a commit").
    /// </para>
    /// </summary>
    public static string LockByVinsOrIds(bool skipLocked) =>
        $"""
        WITH bound AS MATERIALIZED (
            SELECT v.vin, (SELECT b.device_id FROM bindings b WHERE b.vin = v.vin AND b.ended_at IS NULL) AS device_id
            FROM unnest(@vins::text[]) AS v(vin))
        SELECT d.id, bound.vin FROM devices d
        LEFT JOIN bound ON bound.device_id = d.id
        WHERE d.id = ANY(ARRAY(SELECT device_id FROM bound WHERE device_id IS NOT NULL) || @ids)
        ORDER BY d.id < 0, d.id FOR NO KEY UPDATE OF d{(skipLocked ? " SKIP LOCKED" : "")}
        """;

    public void RequireLocked(ulong id, string what) => session.DeviceLocks.Require(id, what);

    public async Task<IReadOnlyList<Device>> ListAsync(DeviceKind? kind, DeviceState? state, CancellationToken cancellationToken)
    {
        var filter = Filter(kind, state);
        return await session.QueryAsync(
            $"SELECT {Columns} FROM devices{filter.Where} ORDER BY created_at, id", filter.Arguments(), Read, cancellationToken);
    }

    /// <summary>
    /// In the order provisioned. No index holds it: a page sorts the fleet's boards (bounded by the fleet, not by its
    /// history), and the devices' rows, written at every rotation, carry no index more for an operator's list.
    /// </summary>
    private static readonly SqlKeyset OldestFirst = new("created_at", NewestFirst: false);

    public async Task<IReadOnlyList<Device>> PageAsync(DeviceKind? kind, DeviceState? state, Device? after, int limit, CancellationToken cancellationToken)
    {
        var (sql, filter) = OldestFirst.Page($"SELECT {Columns} FROM devices", Filter(kind, state), after is null ? null : (after.CreatedAt, SqlValues.Id(after.Id)));
        return await session.QueryAsync(sql, filter.Arguments(("@limit", (long)limit)), Read, cancellationToken);
    }

    private static SqlFilter Filter(DeviceKind? kind, DeviceState? state) =>
        new SqlFilter().EqualIfGiven("kind", (long?)kind).EqualIfGiven("state", (long?)state);

    public async Task<bool> UpdateAsync(Device device, CancellationToken cancellationToken) =>
        (await UpdateAsync([device], cancellationToken))[0];

    public async Task<IReadOnlyList<bool>> UpdateAsync(IReadOnlyList<Device> devices, CancellationToken cancellationToken)
    {
        // Every column is written from the caller's copy: one read before the lock could put back an
        // older epoch, bulletin sequence or down-message id than another session committed meanwhile.
        foreach (var device in devices)
        {
            session.DeviceLocks.Require(device.Id, "rewriting the row");
            locked.Remove(device.Id);
        }

        var rows = devices.Select(Arguments).ToList();
        if (session.Dialect.TakesRowArrays)
        {
            return [.. (await session.EachRowAsync(
                $"""
                UPDATE devices AS d SET {string.Join(", ", WrittenColumns.Select(column => $"{column} = v.{column}"))}
                FROM {Rows.From("v")}
                WHERE {Rows.Matches("d", "v", "id")}
                RETURNING d.id
                """,
                Rows, rows, i => devices[i].Id, row => (row.GetId(0), 0L), cancellationToken)).Select(found => found is not null)];
        }

        return [.. (await session.ExecuteEachAsync(
            $"UPDATE devices SET {string.Join(", ", WrittenColumns.Select(column => $"{column} = @{column}"))} WHERE id = @id",
            rows, cancellationToken)).Select(changed => changed == 1)];
    }

    public async Task<uint> NextDownMessageIdAsync(ulong deviceId, CancellationToken cancellationToken) =>
        (await NextDownMessageIdsAsync([deviceId], cancellationToken))[0];

    public async Task<IReadOnlyList<uint>> NextDownMessageIdsAsync(IReadOnlyList<ulong> deviceIds, CancellationToken cancellationToken)
    {
        foreach (var deviceId in deviceIds)
        {
            locked.Remove(deviceId);
        }

        if (!session.Dialect.TakesRowArrays)
        {
            var numbered = await session.ScalarEachAsync(
                "UPDATE devices SET last_down_message_id = last_down_message_id + 1 WHERE id = @id RETURNING last_down_message_id",
                [.. deviceIds.Select(id => new (string, object?)[] { ("@id", SqlValues.Id(id)) })], cancellationToken);
            return [.. numbered.Select((id, i) => id is null ? throw NoDevice(deviceIds[i]) : checked((uint)Convert.ToInt64(id)))];
        }

        // The devices are this session's already (OutboxWriter requires their locks): the update waits for no row.
        var next = await session.EachRowAsync(
            $"""
            UPDATE devices AS d SET last_down_message_id = d.last_down_message_id + 1
            FROM {NumberingRows.From("v")}
            WHERE {NumberingRows.Matches("d", "v", "id")}
            RETURNING d.id, d.last_down_message_id
            """,
            NumberingRows, [.. deviceIds.Select(id => new (string, object?)[] { ("@id", SqlValues.Id(id)) })], i => deviceIds[i], row => (row.GetId(0), row.GetInt64(1)), cancellationToken);
        return [.. next.Select((id, i) => id is { } value ? checked((uint)value) : throw NoDevice(deviceIds[i]))];
    }

    private static InvalidOperationException NoDevice(ulong deviceId) => new($"There is no device {deviceId} to number a down message for.");

    public Task TouchAsync(ulong deviceId, DateTimeOffset seenAt, CancellationToken cancellationToken) =>
        TouchAsync([(deviceId, seenAt)], cancellationToken);

    public async Task TouchAsync(IReadOnlyList<(ulong DeviceId, DateTimeOffset SeenAt)> touches, CancellationToken cancellationToken)
    {
        var rows = touches.Select(touch => new (string, object?)[] { ("@id", SqlValues.Id(touch.DeviceId)), ("@seen_at", SqlValues.Time(touch.SeenAt)) }).ToList();
        bool[] changed = session.Dialect.TakesRowArrays
            ? [.. (await session.EachRowAsync(
                $"""
                UPDATE devices AS d SET last_seen_at = v.seen_at
                FROM {TouchRows.From("v")}
                WHERE {TouchRows.Matches("d", "v", "id")} AND (d.last_seen_at IS NULL OR d.last_seen_at < v.seen_at)
                RETURNING d.id
                """,
                TouchRows, rows, i => touches[i].DeviceId, row => (row.GetId(0), 0L), cancellationToken)).Select(touched => touched is not null)]
            : [.. (await session.ExecuteEachAsync(
                "UPDATE devices SET last_seen_at = @seen_at WHERE id = @id AND (last_seen_at IS NULL OR last_seen_at < @seen_at)",
                rows, cancellationToken)).Select(touched => touched == 1)];
        for (var i = 0; i < touches.Count; i++)
        {
            // A locked row changes only here: what the statement did to it is known without reading it again.
            if (changed[i] && locked.TryGetValue(touches[i].DeviceId, out var held))
            {
                locked[touches[i].DeviceId] = held with { LastSeenAt = DateTimeOffset.FromUnixTimeMilliseconds(SqlValues.Time(touches[i].SeenAt)) };
            }
        }
    }

    private static (string Name, object? Value)[] Arguments(Device device) =>
    [
        ("@id", SqlValues.Id(device.Id)),
        ("@kind", (long)device.Kind),
        ("@name", device.Name),
        ("@state", (long)device.State),
        ("@root_key_sealed", device.RootKeySealed),
        ("@epoch", (long)device.Epoch),
        ("@epoch_key_sealed", device.EpochKeySealed),
        ("@last_down_message_id", (long)device.LastDownMessageId),
        ("@bulletin_sequence", (long)device.BulletinSequence),
        ("@created_at", SqlValues.Time(device.CreatedAt)),
        ("@last_seen_at", SqlValues.Time(device.LastSeenAt)),
        ("@decommissioned_at", SqlValues.Time(device.DecommissionedAt)),
        ("@rentable", device.Rentable ? 1L : 0L),
    ];

    /// <summary>The columns <see cref="Read(DbDataReader, int)"/> reads, of the devices table named <paramref name="alias"/> in a join.</summary>
    public static string ReadColumnsOf(string alias) => string.Join(", ", Columns.Split(", ").Select(column => $"{alias}.{column}"));

    /// <summary>A device from the row's columns <paramref name="first"/> on, in the order of <see cref="Columns"/>.</summary>
    public static Device Read(DbDataReader row, int first) => new(
        row.GetId(first),
        (DeviceKind)row.GetInt64(first + 1),
        row.GetString(first + 2),
        (DeviceState)row.GetInt64(first + 3),
        row.GetBlob(first + 4),
        row.GetUInt32(first + 5),
        row.GetBlobOrNull(first + 6),
        row.GetUInt32(first + 7),
        row.GetUInt32(first + 8),
        row.GetTime(first + 9),
        row.GetTimeOrNull(first + 10),
        row.GetTimeOrNull(first + 11),
        row.GetInt64(first + 12) != 0);

    private static Device Read(DbDataReader row) => Read(row, first: 0);
}
