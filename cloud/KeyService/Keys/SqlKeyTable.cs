using System.Data.Common;
using ShareKey.KeyService.Storage;
using ShareKey.KeyService.Storage.Sql;
using ShareKey.KeyService.Devices;
using ShareKey.KeyService.Users;
using ShareKey.Protocol.Tokens;

namespace ShareKey.KeyService.Keys;

internal sealed class SqlKeyTable(SqlStoreSession session) : IKeyTable
{
    private const string Columns =
        "id, device_id, holder_id, type, permissions, flags, epoch, not_before, not_after, max_uses, parent_key_id, state, rental_id, created_at, updated_at, frozen_by, frozen_rank, frozen_at, changed_at, tokens_not_after";

    internal const string Insert =
        $"""
        INSERT INTO keys ({Columns})
        VALUES (@id, @device_id, @holder_id, @type, @permissions, @flags, @epoch, @not_before, @not_after, @max_uses,
                @parent_key_id, @state, @rental_id, @created_at, @updated_at, @frozen_by, @frozen_rank, @frozen_at, @changed_at, @tokens_not_after)
        """;

    // A taken id must not spoil a PostgreSQL session.
    private const string InsertUnlessTaken = Insert + " ON CONFLICT DO NOTHING";

    /// <summary>Keys as arrays, one per column (PostgreSQL, a batch of several): every column is a BIGINT.</summary>
    private static readonly SqlRows KeyRows = new([.. Columns.Split(", ").Select(column => (column, SqlRowType.Bigint))]);

    /// <summary>Keys moved to a new epoch, as arrays (PostgreSQL): each device and the epoch its keys move to.</summary>
    private static readonly SqlRows MoveRows = new(
        ("device_id", SqlRowType.Bigint), ("epoch", SqlRowType.Bigint), ("at", SqlRowType.Bigint));

    // A live key's states (KeyAuthority.IsLive): the keys a new epoch re-issues.
    private static readonly string IsLive = $"state IN ({(long)KeyState.Active}, {(long)KeyState.Frozen})";

    /// <summary>The applications of an issue as arrays (PostgreSQL): each one's place in the batch, user, and vehicle by VIN or device id.</summary>
    private static readonly SqlRows IssueRows = new(("n", SqlRowType.Bigint), ("user_id", SqlRowType.Bigint), ("vin", SqlRowType.Text), ("device_id", SqlRowType.Bigint));

    /// <summary><see cref="IssueRows"/>' one row as parameters: the form SQLite and a single read take.</summary>
    private const string IssueRow =
        "(SELECT CAST(@n AS BIGINT) AS n, CAST(@user_id AS BIGINT) AS user_id, CAST(@vin AS TEXT) AS vin, CAST(@device_id AS BIGINT) AS device_id) r";

    public async Task InsertAsync(VirtualKey key, CancellationToken cancellationToken)
    {
        if (await session.ExecuteAsync(InsertUnlessTaken, Arguments(key), cancellationToken) == 0)
        {
            throw new StoreConflictException($"A key with id {key.Id} exists.");
        }
    }

    public async Task InsertWithCommitAsync(IReadOnlyList<VirtualKey> keys, CancellationToken cancellationToken)
    {
        if (keys.Count > 1 && session.Dialect.TakesRowArrays)
        {
            await session.ExecuteWithCommitAsync(
                $"INSERT INTO keys ({Columns}) SELECT {Columns} FROM {KeyRows.From("r")}",
                KeyRows.Arguments([.. keys.Select(Arguments)]),
                cancellationToken);
            return;
        }

        foreach (var key in keys)
        {
            await session.ExecuteWithCommitAsync(Insert, Arguments(key), cancellationToken);
        }
    }

    public Task<VirtualKey?> GetAsync(ulong id, CancellationToken cancellationToken) =>
        session.QuerySingleAsync($"SELECT {Columns} FROM keys WHERE id = @id", [("@id", SqlValues.Id(id))], Read, cancellationToken);

    public async Task<IReadOnlyList<VirtualKey>> GetManyAsync(IReadOnlyList<ulong> ids, CancellationToken cancellationToken) =>
        ids.Count == 0
            ? []
            : await session.QueryAsync(
                $"SELECT {Columns} FROM keys WHERE {session.Dialect.InIds("id", "@ids")}",
                [("@ids", session.Dialect.IdsValue([.. ids.Select(SqlValues.Id)]))], Read, cancellationToken);

    public async Task<IReadOnlyList<VirtualKey>> ListAsync(ulong? deviceId, ulong? holderId, KeyState? state, CancellationToken cancellationToken)
    {
        var filter = new SqlFilter()
            .IdIfGiven("device_id", deviceId)
            .IdIfGiven("holder_id", holderId)
            .EqualIfGiven("state", (long?)state);

        return await session.QueryAsync(
            $"SELECT {Columns} FROM keys{filter.Where} ORDER BY created_at, id", filter.Arguments(), Read, cancellationToken);
    }

    public async Task<IReadOnlyList<VirtualKey>> PageAsync(ulong? deviceId, ulong? holderId, KeyState? state, VirtualKey? before, int limit, CancellationToken cancellationToken)
    {
        var (sql, filter) = Page(deviceId, holderId, state, before);
        return await session.QueryAsync(sql, filter.Arguments(("@limit", (long)limit)), Read, cancellationToken);
    }

    /// <summary>Newest first by (created_at, id), which keys_holder holds for each holder.</summary>
    private static readonly SqlKeyset NewestFirst = new("created_at", NewestFirst: true);

    internal static (string Sql, SqlFilter Filter) Page(ulong? deviceId, ulong? holderId, KeyState? state, VirtualKey? before) =>
        NewestFirst.Page(
            $"SELECT {Columns} FROM keys",
            new SqlFilter().IdIfGiven("device_id", deviceId).IdIfGiven("holder_id", holderId).EqualIfGiven("state", (long?)state),
            before is null ? null : (before.CreatedAt, SqlValues.Id(before.Id)));

    public async Task<IReadOnlyList<VirtualKey>> LiveOfDeviceAsync(ulong deviceId, CancellationToken cancellationToken) =>
        await session.QueryAsync(LiveOfDeviceSql, [("@device_id", SqlValues.Id(deviceId))], Read, cancellationToken);

    /// <summary>A range of keys_device (device_id, epoch): the device's epoch read first, once.</summary>
    internal static readonly string LiveOfDeviceSql =
        $"SELECT {Columns} FROM keys WHERE device_id = @device_id AND epoch >= (SELECT epoch FROM devices WHERE id = @device_id) - 1 AND {IsLive} ORDER BY created_at, id";

    public async Task<IReadOnlyList<VirtualKey>> FamilyOfAsync(ulong deviceId, IReadOnlyList<ulong> keyIds, CancellationToken cancellationToken) =>
        keyIds.Count == 0
            ? []
            : await session.QueryAsync(
                FamilyOfSql(session.Dialect),
                [("@device_id", SqlValues.Id(deviceId)), ("@ids", session.Dialect.IdsValue([.. keyIds.Select(SqlValues.Id)]))],
                Read, cancellationToken);

    /// <summary>
    /// Up each named key's parent links by the primary key, down its shares by keys_parent; UNION stops at a key met
    /// before, so even a cycle of links ends. The device is written <c>+device_id</c> so that SQLite, which has no
    /// statistics, never reads these through keys_device: that is every key the device ever had.
    /// </summary>
    internal static string FamilyOfSql(SqlDialect dialect) =>
        $"""
        WITH RECURSIVE
            named (id, parent_key_id) AS (SELECT id, parent_key_id FROM keys WHERE {dialect.InIds("id", "@ids")} AND +device_id = @device_id),
            above (id, parent_key_id) AS (
                SELECT id, parent_key_id FROM named
                UNION
                SELECT k.id, k.parent_key_id FROM above JOIN keys AS k ON k.id = above.parent_key_id WHERE +k.device_id = @device_id),
            below (id) AS (
                SELECT id FROM named
                UNION
                SELECT k.id FROM below JOIN keys AS k ON k.parent_key_id = below.id WHERE +k.device_id = @device_id)
        SELECT {Columns} FROM keys WHERE id IN (SELECT id FROM above UNION SELECT id FROM below)
        ORDER BY created_at, id
        """;

    public async Task<IReadOnlyList<VirtualKey>> UnderRecentEpochsAsync(IReadOnlyList<(ulong DeviceId, uint Epoch)> devices, KeyState? state, CancellationToken cancellationToken) =>
        devices.Count == 0
            ? []
            : await session.QueryAsync(
                UnderRecentEpochsSql(session.Dialect, state),
                [
                    ("@device_ids", session.Dialect.IdsValue([.. devices.Select(device => SqlValues.Id(device.DeviceId))])),
                    ("@epochs", session.Dialect.IdsValue([.. devices.Select(device => (long)device.Epoch)])),
                ],
                Read, cancellationToken);

    /// <summary>Each device's keys from the epoch before its own on, a range of keys_device (device_id, epoch); the state, if given, a constant.</summary>
    internal static string UnderRecentEpochsSql(SqlDialect dialect, KeyState? state) =>
        $"""
        SELECT {Columns} FROM keys WHERE id IN (
            SELECT k.id FROM {dialect.IdPairsTable("@device_ids", "@epochs", "v")}
            JOIN keys AS k ON k.device_id = v.first AND k.epoch >= v.second - 1{(state is { } given ? $" AND k.state = {(long)given}" : "")})
        ORDER BY device_id, created_at, id
        """;

    public async Task<int> CountLiveAsync(ulong deviceId, uint deviceEpoch, uint now, CancellationToken cancellationToken) =>
        Convert.ToInt32(await session.ScalarAsync(
            CountLiveSql,
            [("@device_id", SqlValues.Id(deviceId)), ("@epoch", (long)deviceEpoch), ("@now", (long)now)],
            cancellationToken));

    public async Task<IssueTarget> ReadIssueTargetAsync(ulong userId, string? vin, ulong? deviceId, uint now, CancellationToken cancellationToken) =>
        (await session.QueryAsync(IssueTargets(IssueRow), [.. IssueArguments(0, userId, vin, deviceId), ("@now", (long)now)], ReadIssueTarget, cancellationToken)).Single().Target;

    public async Task<IReadOnlyList<(ulong? LockedDeviceId, IssueTarget Target)>> LockIssueTargetsAsync(IReadOnlyList<KeyRequest> requests, uint now, bool skipLocked, CancellationToken cancellationToken)
    {
        var held = new List<(ulong? LockedDeviceId, IssueTarget Target)>(requests.Count);
        if (session.Dialect.WriteSessionsExclusive)
        {
            foreach (var request in requests)
            {
                var read = await ReadIssueTargetAsync(request.UserId, request.Vin, request.DeviceId, now, cancellationToken);
                held.Add((Held(request.Vin is null ? request.DeviceId : read.BoundDeviceId), read));
            }

            return held;
        }

        // The locks, then the reads, in one round trip: the reads are a statement of their own, so they see
        // what was committed up to the moment the last lock was held, the counts of live keys included.
        var (locked, targets) = await session.QueryThenAsync(
            (SqlDeviceTable.LockByVinsOrIds(skipLocked),
            [
                ("@vins", requests.Select(request => request.Vin).OfType<string>().Distinct().ToArray()),
                ("@ids", requests.Select(request => request.DeviceId).OfType<ulong>().Select(SqlValues.Id).Distinct().ToArray()),
            ]),
            static row => (Id: row.GetId(0), Vin: row.IsDBNull(1) ? null : row.GetString(1)),
            (IssueTargets(IssueRows.From("r")),
            [
                .. IssueRows.Arguments([.. requests.Select((request, n) => IssueArguments(n, request.UserId, request.Vin, request.DeviceId))]),
                ("@now", (long)now),
            ]),
            ReadIssueTarget,
            cancellationToken);
        // An active binding names one VIN, so a VIN locked one device at most.
        var lockedForVin = locked.Where(row => row.Vin is not null).ToDictionary(row => row.Vin!, row => row.Id);
        var lockedIds = locked.Select(row => row.Id).ToHashSet();
        var targetAt = targets.ToDictionary(row => row.N, row => row.Target);
        for (var n = 0; n < requests.Count; n++)
        {
            // Named by id, the device counts as held whether or not it exists, as a lock by id does (IDeviceTable.GetAsync);
            // unless locked rows were skipped, when only the rows returned are held.
            var request = requests[n];
            var heldId = request.Vin is { } vin
                ? lockedForVin.TryGetValue(vin, out var id) ? id : null
                : !skipLocked || lockedIds.Contains(request.DeviceId!.Value) ? request.DeviceId : null;
            held.Add((Held(heldId), targetAt[n]));
        }

        return held;
    }

    private ulong? Held(ulong? deviceId)
    {
        if (deviceId is { } id)
        {
            session.DeviceLocks.Taken(id);
        }

        return deviceId;
    }

    private static (string Name, object? Value)[] IssueArguments(long n, ulong userId, string? vin, ulong? deviceId) =>
        [("@n", n), ("@user_id", SqlValues.Id(userId)), ("@vin", vin), ("@device_id", SqlValues.Id(deviceId))];

    /// <summary>
    /// The issue's reads, one row for each application in <paramref name="applications"/> (<see cref="IssueRows"/>
    /// or <see cref="IssueRow"/>) whatever is missing: the user, the vehicle (the VIN's active binding and its device,
    /// or the device named and an active binding of it) and the device's live keys, each joined onto the application.
    /// The VIN's binding is looked up for each application alone (twice: as what is read, and to find the device),
    /// one probe of an index by VIN: joined to the bindings as a set, PostgreSQL hashed every active binding.
    /// </summary>
    private static string IssueTargets(string applications) =>
        $"""
        SELECT r.n, {SqlUserTable.ReadColumnsOf("u")},
            CASE WHEN r.vin IS NULL THEN (SELECT bd.device_id FROM bindings bd WHERE bd.device_id = d.id AND bd.ended_at IS NULL LIMIT 1) ELSE ({BoundTo("r.vin")}) END,
            {SqlDeviceTable.ReadColumnsOf("d")}, ({LiveKeysOf("d.id", "d.epoch")})
        FROM {applications}
        LEFT JOIN users u ON u.id = r.user_id
        LEFT JOIN devices d ON d.id = COALESCE(r.device_id, ({BoundTo("r.vin")}))
        """;

    private static string BoundTo(string vin) => $"SELECT bv.device_id FROM bindings bv WHERE bv.vin = {vin} AND bv.ended_at IS NULL";

    private static (long N, IssueTarget Target) ReadIssueTarget(DbDataReader row)
    {
        const int user = 1;
        var deviceColumn = user + SqlUserTable.ReadColumnCount + 1;
        return (row.GetInt64(0), new IssueTarget(
            row.IsDBNull(user) ? null : SqlUserTable.Read(row, first: user),
            row.IsDBNull(deviceColumn) ? null : SqlDeviceTable.Read(row, deviceColumn),
            row.IsDBNull(deviceColumn - 1) ? null : row.GetId(deviceColumn - 1),
            Convert.ToInt32(row.GetInt64(deviceColumn + SqlDeviceTable.ColumnCount))));
    }

    // BulletinIssuer.IsLive in SQL: under the device's epoch or the one before, and the latest not-after of any of its tokens still ahead.
    internal static readonly string CountLiveSql = LiveKeysOf("@device_id", "@epoch");

    // The epoch as a range of keys_device (device_id, epoch), not an expression of the key's.
    private static string LiveKeysOf(string deviceId, string deviceEpoch) =>
        $"SELECT count(*) FROM keys WHERE device_id = {deviceId} AND epoch >= {deviceEpoch} - 1 AND (not_after > @now OR tokens_not_after > @now)";

    public async Task<bool> UpdateAsync(VirtualKey key, CancellationToken cancellationToken) =>
        await session.ExecuteAsync(
            """
            UPDATE keys SET device_id = @device_id, holder_id = @holder_id, type = @type, permissions = @permissions, flags = @flags,
                epoch = @epoch, not_before = @not_before, not_after = @not_after, max_uses = @max_uses,
                parent_key_id = @parent_key_id, state = @state, rental_id = @rental_id, created_at = @created_at,
                updated_at = @updated_at, frozen_by = @frozen_by, frozen_rank = @frozen_rank, frozen_at = @frozen_at,
                changed_at = @changed_at, tokens_not_after = @tokens_not_after
            WHERE id = @id
            """,
            Arguments(key), cancellationToken) == 1;

    public async Task<int> MoveToEpochAsync(ulong deviceId, uint epoch, DateTimeOffset at, CancellationToken cancellationToken) =>
        (await MoveToEpochAsync([(deviceId, epoch)], at, cancellationToken))[0];

    /// <summary>
    /// Run for every rotation confirmed. On PostgreSQL one statement for the batch, which counts each device's keys
    /// moved: a statement per device was the one statement of a confirmed rotation not sent for the whole batch.
    /// </summary>
    public async Task<IReadOnlyList<int>> MoveToEpochAsync(IReadOnlyList<(ulong DeviceId, uint Epoch)> moves, DateTimeOffset at, CancellationToken cancellationToken)
    {
        var rows = moves.Select(move => new (string, object?)[] { ("@device_id", SqlValues.Id(move.DeviceId)), ("@epoch", (long)move.Epoch), ("@at", SqlValues.Time(at)) }).ToList();
        if (!session.Dialect.TakesRowArrays)
        {
            return await session.ExecuteEachAsync(
                $"UPDATE keys SET epoch = @epoch, updated_at = @at WHERE device_id = @device_id AND {IsLive} AND epoch < @epoch",
                rows, cancellationToken);
        }

        var moved = await session.EachRowAsync(
            $"""
            WITH moved AS (
                UPDATE keys AS k SET epoch = v.epoch, updated_at = v.at
                FROM {MoveRows.From("v")}
                WHERE {MoveRows.Matches("k", "v", "device_id")} AND k.{IsLive} AND k.epoch < v.epoch
                RETURNING k.device_id)
            SELECT device_id, count(*) FROM moved GROUP BY device_id
            """,
            MoveRows, rows, i => moves[i].DeviceId, row => (row.GetId(0), row.GetInt64(1)), cancellationToken);
        return [.. moved.Select(count => (int)(count ?? 0))];
    }

    private static (string Name, object? Value)[] Arguments(VirtualKey key) =>
    [
        ("@id", SqlValues.Id(key.Id)),
        ("@device_id", SqlValues.Id(key.DeviceId)),
        ("@holder_id", SqlValues.Id(key.HolderId)),
        ("@type", (long)key.Type),
        ("@permissions", (long)key.Permissions),
        ("@flags", (long)key.Flags),
        ("@epoch", (long)key.Epoch),
        ("@not_before", (long)key.NotBefore),
        ("@not_after", (long)key.NotAfter),
        ("@max_uses", (long)key.MaxUses),
        ("@parent_key_id", SqlValues.Id(key.ParentKeyId)),
        ("@state", (long)key.State),
        ("@rental_id", key.RentalId),
        ("@created_at", SqlValues.Time(key.CreatedAt)),
        ("@updated_at", SqlValues.Time(key.UpdatedAt)),
        ("@frozen_by", SqlValues.Id(key.Freeze?.ByUserId)),
        ("@frozen_rank", (long?)key.Freeze?.Rank),
        ("@frozen_at", SqlValues.Time(key.Freeze?.At)),
        ("@changed_at", SqlValues.Time(key.ChangedAt)),
        ("@tokens_not_after", key.TokensNotAfter == 0 ? null : (long?)key.TokensNotAfter),
    ];

    private static VirtualKey Read(DbDataReader row) => new(
        row.GetId(0),
        row.GetId(1),
        row.GetId(2),
        (KeyType)row.GetInt64(3),
        (Permissions)row.GetInt64(4),
        (TokenFlags)row.GetInt64(5),
        row.GetUInt32(6),
        row.GetUInt32(7),
        row.GetUInt32(8),
        checked((ushort)row.GetInt64(9)),
        row.GetId(10),
        (KeyState)row.GetInt64(11),
        row.GetInt64OrNull(12),
        row.GetTime(13),
        row.GetTime(14),
        row.IsDBNull(15) ? null : new KeyFreeze(row.GetId(15), checked((int)row.GetInt64(16)), row.GetTime(17)),
        row.GetTimeOrNull(18),
        row.IsDBNull(19) ? 0 : row.GetUInt32(19));
}
