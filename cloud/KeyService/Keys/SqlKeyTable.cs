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

    private const string Insert =
        $"""
        INSERT INTO keys ({Columns})
        VALUES (@id, @device_id, @holder_id, @type, @permissions, @flags, @epoch, @not_before, @not_after, @max_uses,
                @parent_key_id, @state, @rental_id, @created_at, @updated_at, @frozen_by, @frozen_rank, @frozen_at, @changed_at, @tokens_not_after)
        """;

    // A taken id must not spoil a PostgreSQL session.
    private const string InsertUnlessTaken = Insert + " ON CONFLICT DO NOTHING";

    public async Task InsertAsync(VirtualKey key, CancellationToken cancellationToken)
    {
        if (await session.ExecuteAsync(InsertUnlessTaken, Arguments(key), cancellationToken) == 0)
        {
            throw new StoreConflictException($"A key with id {key.Id} exists.");
        }
    }

    public Task InsertWithCommitAsync(VirtualKey key, CancellationToken cancellationToken) =>
        session.ExecuteWithCommitAsync(Insert, Arguments(key), cancellationToken);

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

    public async Task<IReadOnlyList<VirtualKey>> ListOfDevicesAsync(IReadOnlyList<ulong> deviceIds, KeyState state, CancellationToken cancellationToken) =>
        deviceIds.Count == 0
            ? []
            : await session.QueryAsync(
                $"SELECT {Columns} FROM keys WHERE {session.Dialect.InIds("device_id", "@device_ids")} AND state = @state ORDER BY created_at, id",
                [("@device_ids", session.Dialect.IdsValue([.. deviceIds.Select(SqlValues.Id)])), ("@state", (long)state)], Read, cancellationToken);

    public async Task<int> CountLiveAsync(ulong deviceId, uint deviceEpoch, uint now, CancellationToken cancellationToken) =>
        Convert.ToInt32(await session.ScalarAsync(
            LiveKeysOf("@device_id", "@epoch"),
            [("@device_id", SqlValues.Id(deviceId)), ("@epoch", (long)deviceEpoch), ("@now", (long)now)],
            cancellationToken));

    public async Task<IssueTarget> ReadIssueTargetAsync(ulong userId, string? vin, ulong? deviceId, uint now, CancellationToken cancellationToken)
    {
        var (sql, arguments) = IssueTargetStatement(userId, vin, deviceId, now);
        return (await session.QuerySingleAsync(sql, arguments, ReadIssueTarget, cancellationToken))!;
    }

    public async Task<(ulong? LockedDeviceId, IssueTarget Target)> LockIssueTargetAsync(ulong userId, string? vin, ulong? deviceId, uint now, CancellationToken cancellationToken)
    {
        if (session.Dialect.WriteSessionsExclusive)
        {
            var read = await ReadIssueTargetAsync(userId, vin, deviceId, now, cancellationToken);
            var held = vin is null ? deviceId : read.BoundDeviceId;
            if (held is { } id)
            {
                session.DeviceLocks.Taken(id);
            }

            return (held, read);
        }

        // The lock, then the reads, in one round trip: the reads are a statement of their own, so they see
        // what was committed up to the moment the lock was held, the count of live keys included.
        (string, (string, object?)[]) lockDevice = vin is not null
            ? (SqlDeviceTable.LockBoundToVin(session.Dialect), [("@vin", vin)])
            : (SqlDeviceTable.LockById(session.Dialect), [("@id", SqlValues.Id(deviceId ?? throw new ArgumentException("Name the vehicle by a VIN or a device id.", nameof(deviceId))))]);
        var (locked, target) = await session.QuerySingleThenAsync(
            lockDevice, static row => (ulong?)row.GetId(0),
            IssueTargetStatement(userId, vin, deviceId, now), ReadIssueTarget,
            cancellationToken);
        // Named by id, the device counts as held whether or not it exists, as a lock by id does (IDeviceTable.GetAsync).
        var lockedId = vin is null ? deviceId : locked;
        if (lockedId is { } heldId)
        {
            session.DeviceLocks.Taken(heldId);
        }

        return (lockedId, target!);
    }

    /// <summary>The issue's reads as one row whatever is missing: each table joins onto a single constant row.</summary>
    private static (string Sql, (string Name, object? Value)[] Arguments) IssueTargetStatement(ulong userId, string? vin, ulong? deviceId, uint now)
    {
        var byVin = vin is not null;
        var vehicle = byVin
            ? "LEFT JOIN bindings b ON b.vin = @vehicle AND b.ended_at IS NULL LEFT JOIN devices d ON d.id = b.device_id"
            : "LEFT JOIN devices d ON d.id = @vehicle";
        var boundDevice = byVin ? "b.device_id" : "(SELECT b.device_id FROM bindings b WHERE b.device_id = d.id AND b.ended_at IS NULL LIMIT 1)";
        object named = byVin ? vin! : SqlValues.Id(deviceId ?? throw new ArgumentException("Name the vehicle by a VIN or a device id.", nameof(deviceId)));
        return (
            $"""
            SELECT {SqlUserTable.ReadColumnsOf("u")}, {boundDevice}, {SqlDeviceTable.ReadColumnsOf("d")}, ({LiveKeysOf("d.id", "d.epoch")})
            FROM (SELECT 1 AS target) t
            LEFT JOIN users u ON u.id = @user_id
            {vehicle}
            """,
            [("@user_id", SqlValues.Id(userId)), ("@vehicle", named), ("@now", (long)now)]);
    }

    private static IssueTarget ReadIssueTarget(DbDataReader row)
    {
        var deviceColumn = SqlUserTable.ReadColumnCount + 1;
        return new IssueTarget(
            row.IsDBNull(0) ? null : SqlUserTable.Read(row, first: 0),
            row.IsDBNull(deviceColumn) ? null : SqlDeviceTable.Read(row, deviceColumn),
            row.IsDBNull(deviceColumn - 1) ? null : row.GetId(deviceColumn - 1),
            Convert.ToInt32(row.GetInt64(deviceColumn + SqlDeviceTable.ColumnCount)));
    }

    // BulletinIssuer.IsLive in SQL: under the device's epoch or the one before, and the latest not-after of any of its tokens still ahead.
    private static string LiveKeysOf(string deviceId, string deviceEpoch) =>
        $"SELECT count(*) FROM keys WHERE device_id = {deviceId} AND epoch + 1 >= {deviceEpoch} AND (not_after > @now OR tokens_not_after > @now)";

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

    public async Task<IReadOnlyList<int>> MoveToEpochAsync(IReadOnlyList<(ulong DeviceId, uint Epoch)> moves, DateTimeOffset at, CancellationToken cancellationToken) =>
        await session.ExecuteEachAsync(
            "UPDATE keys SET epoch = @epoch, updated_at = @at WHERE device_id = @device_id AND state IN (@active, @frozen) AND epoch < @epoch",
            [.. moves.Select(move => new (string, object?)[] { ("@device_id", SqlValues.Id(move.DeviceId)), ("@epoch", (long)move.Epoch), ("@at", SqlValues.Time(at)), ("@active", (long)KeyState.Active), ("@frozen", (long)KeyState.Frozen) })],
            cancellationToken);

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
