using System.Data.Common;
using ShareKey.KeyService.Storage;
using ShareKey.KeyService.Storage.Sql;

namespace ShareKey.KeyService.Vehicles;

internal sealed class SqlBindingTable(SqlStoreSession session) : IBindingTable
{
    private const string Columns = "id, vin, imsi, device_id, bound_at, ended_at, end_reason";
    private const string Newest = "ORDER BY bound_at DESC, id DESC";

    public Task<Binding?> ActiveByImsiAsync(string imsi, CancellationToken cancellationToken) =>
        session.QuerySingleAsync(
            $"SELECT {Columns} FROM bindings WHERE imsi = @imsi AND ended_at IS NULL", [("@imsi", imsi)], Read, cancellationToken);

    public Task<Binding?> ActiveByVinAsync(string vin, CancellationToken cancellationToken) =>
        session.QuerySingleAsync(
            $"SELECT {Columns} FROM bindings WHERE vin = @vin AND ended_at IS NULL", [("@vin", vin)], Read, cancellationToken);

    public Task<Binding?> ActiveByDeviceAsync(ulong deviceId, CancellationToken cancellationToken) =>
        session.QuerySingleAsync(
            $"SELECT {Columns} FROM bindings WHERE device_id = @device_id AND ended_at IS NULL {Newest} LIMIT 1",
            [("@device_id", SqlValues.Id(deviceId))], Read, cancellationToken);

    public async Task<IReadOnlyList<Binding>> ActiveOfAsync(IReadOnlyList<string> vins, IReadOnlyList<string> imsis, IReadOnlyList<ulong> deviceIds, CancellationToken cancellationToken)
    {
        if (vins.Count + imsis.Count + deviceIds.Count == 0)
        {
            return [];
        }

        // A UNION of one lookup per index rather than one WHERE with ORs, which neither store plans as three index lookups.
        var dialect = session.Dialect;
        return await session.QueryAsync(
            $"""
            SELECT {Columns} FROM bindings WHERE {dialect.InTexts("vin", "@vins")} AND ended_at IS NULL
            UNION SELECT {Columns} FROM bindings WHERE {dialect.InTexts("imsi", "@imsis")} AND ended_at IS NULL
            UNION SELECT {Columns} FROM bindings WHERE {dialect.InIds("device_id", "@device_ids")} AND ended_at IS NULL
            """,
            [("@vins", dialect.TextsValue(vins)), ("@imsis", dialect.TextsValue(imsis)), ("@device_ids", dialect.IdsValue([.. deviceIds.Select(SqlValues.Id)]))],
            Read,
            cancellationToken);
    }

    public async Task<long> InsertAsync(string vin, string imsi, ulong deviceId, DateTimeOffset boundAt, CancellationToken cancellationToken) =>
        Convert.ToInt64((await InsertEachAsync([(vin, imsi, deviceId)], boundAt, cancellationToken))[0]);

    public Task InsertAsync(IReadOnlyList<(string Vin, string Imsi, ulong DeviceId)> bindings, DateTimeOffset boundAt, CancellationToken cancellationToken) =>
        InsertEachAsync(bindings, boundAt, cancellationToken);

    private async Task<List<object?>> InsertEachAsync(IReadOnlyList<(string Vin, string Imsi, ulong DeviceId)> bindings, DateTimeOffset boundAt, CancellationToken cancellationToken)
    {
        var ids = await session.ScalarEachAsync(
            "INSERT INTO bindings (vin, imsi, device_id, bound_at) VALUES (@vin, @imsi, @device_id, @bound_at) ON CONFLICT DO NOTHING RETURNING id",
            [.. bindings.Select(binding => new (string, object?)[] { ("@vin", binding.Vin), ("@imsi", binding.Imsi), ("@device_id", SqlValues.Id(binding.DeviceId)), ("@bound_at", SqlValues.Time(boundAt)) })],
            cancellationToken);
        var taken = ids.IndexOf(null);
        return taken < 0
            ? ids
            : throw new StoreConflictException($"VIN {bindings[taken].Vin} or IMSI {bindings[taken].Imsi} is already bound.");
    }

    /// <summary>An ended binding keeps its first end.</summary>
    public Task EndAsync(long id, DateTimeOffset endedAt, string reason, CancellationToken cancellationToken) =>
        session.ExecuteAsync(
            "UPDATE bindings SET ended_at = @ended_at, end_reason = @reason WHERE id = @id AND ended_at IS NULL",
            [("@id", id), ("@ended_at", SqlValues.Time(endedAt)), ("@reason", reason)], cancellationToken);

    public async Task<IReadOnlyList<Binding>> HistoryByVinAsync(string vin, CancellationToken cancellationToken) =>
        await session.QueryAsync($"SELECT {Columns} FROM bindings WHERE vin = @vin {Newest}", [("@vin", vin)], Read, cancellationToken);

    public async Task<IReadOnlyList<Binding>> HistoryByDeviceAsync(ulong deviceId, CancellationToken cancellationToken) =>
        await session.QueryAsync(
            $"SELECT {Columns} FROM bindings WHERE device_id = @device_id {Newest}",
            [("@device_id", SqlValues.Id(deviceId))], Read, cancellationToken);

    public Task InsertContestAsync(string vin, string imsi, ulong deviceId, DateTimeOffset claimedAt, CancellationToken cancellationToken) =>
        session.ExecuteAsync(
            "INSERT INTO binding_contests (vin, imsi, device_id, claimed_at) VALUES (@vin, @imsi, @device_id, @claimed_at)",
            [("@vin", vin), ("@imsi", imsi), ("@device_id", SqlValues.Id(deviceId)), ("@claimed_at", SqlValues.Time(claimedAt))], cancellationToken);

    public async Task<IReadOnlyList<BindingContest>> OpenContestsByVinAsync(string vin, CancellationToken cancellationToken) =>
        await session.QueryAsync(
            "SELECT id, vin, imsi, device_id, claimed_at, resolved_at, resolution FROM binding_contests WHERE vin = @vin AND resolved_at IS NULL ORDER BY claimed_at, id",
            [("@vin", vin)],
            row => new BindingContest(row.GetInt64(0), row.GetString(1), row.GetString(2), row.GetId(3), row.GetTime(4), row.GetTimeOrNull(5), row.GetStringOrNull(6)),
            cancellationToken);

    public Task ResolveContestsAsync(string vin, DateTimeOffset resolvedAt, string resolution, CancellationToken cancellationToken) =>
        session.ExecuteAsync(
            "UPDATE binding_contests SET resolved_at = @resolved_at, resolution = @resolution WHERE vin = @vin AND resolved_at IS NULL",
            [("@vin", vin), ("@resolved_at", SqlValues.Time(resolvedAt)), ("@resolution", resolution)], cancellationToken);

    private static Binding Read(DbDataReader row) =>
        new(row.GetInt64(0), row.GetString(1), row.GetString(2), row.GetId(3), row.GetTime(4), row.GetTimeOrNull(5), row.GetStringOrNull(6));
}
