using System.Data.Common;
using ShareKey.KeyService.Storage;
using ShareKey.KeyService.Storage.Sql;
using ShareKey.Protocol.Messages;

namespace ShareKey.KeyService.RemoteLock;

internal sealed class SqlRemoteLockTable(SqlStoreSession session) : IRemoteLockTable
{
    private const string StateColumns =
        "device_id, device_time, state_of_charge, cable, speed_kmh, ignition_on, remote_lock, immobiliser, inlet_locked, lock_message_id, received_at";

    private const string PromptColumns = "id, device_id, percent, threshold, created_at, closed_at, closed_reason, request_id";

    private const string RequestColumns =
        "id, device_id, action, requested_by, requested_at, prompt_id, outbox_id, message_id, state, reason, updated_at";

    public Task SaveStatesAsync(IReadOnlyList<VehicleState> states, CancellationToken cancellationToken) =>
        session.ExecuteEachAsync(
            $"""
            INSERT INTO vehicle_states ({StateColumns})
            VALUES (@device_id, @device_time, @state_of_charge, @cable, @speed_kmh, @ignition_on, @remote_lock, @immobiliser, @inlet_locked, @lock_message_id, @received_at)
            ON CONFLICT (device_id) DO UPDATE SET device_time = excluded.device_time, state_of_charge = excluded.state_of_charge,
                cable = excluded.cable, speed_kmh = excluded.speed_kmh, ignition_on = excluded.ignition_on, remote_lock = excluded.remote_lock,
                immobiliser = excluded.immobiliser, inlet_locked = excluded.inlet_locked, lock_message_id = excluded.lock_message_id,
                received_at = excluded.received_at
            """,
            [.. states.Select(state => new (string, object?)[]
            {
                ("@device_id", SqlValues.Id(state.DeviceId)),
                ("@device_time", (long)state.DeviceTime),
                ("@state_of_charge", (long?)state.StateOfCharge),
                ("@cable", (long)state.Cable),
                ("@speed_kmh", (long?)state.SpeedKmh),
                ("@ignition_on", state.IgnitionOn is { } on ? (on ? 1L : 0L) : null),
                ("@remote_lock", (long)state.RemoteLock),
                ("@immobiliser", state.ImmobiliserEngaged ? 1L : 0L),
                ("@inlet_locked", state.ChargeInletLocked ? 1L : 0L),
                ("@lock_message_id", (long)state.LockMessageId),
                ("@received_at", SqlValues.Time(state.ReceivedAt)),
            })],
            cancellationToken);

    public Task<VehicleState?> StateAsync(ulong deviceId, CancellationToken cancellationToken) =>
        session.QuerySingleAsync(
            $"SELECT {StateColumns} FROM vehicle_states WHERE device_id = @device_id", [("@device_id", SqlValues.Id(deviceId))], ReadState, cancellationToken);

    public async Task<int?> ThresholdAsync(ulong deviceId, CancellationToken cancellationToken) =>
        (await ThresholdsAsync([deviceId], cancellationToken)).TryGetValue(deviceId, out var percent) ? percent : null;

    public async Task<IReadOnlyDictionary<ulong, int>> ThresholdsAsync(IReadOnlyList<ulong> deviceIds, CancellationToken cancellationToken) =>
        deviceIds.Count == 0
            ? new Dictionary<ulong, int>()
            : (await session.QueryAsync(
                $"SELECT device_id, percent FROM charge_thresholds WHERE {session.Dialect.InIds("device_id", "@device_ids")}",
                [("@device_ids", session.Dialect.IdsValue([.. deviceIds.Select(SqlValues.Id)]))],
                row => (DeviceId: row.GetId(0), Percent: row.GetInt(1)),
                cancellationToken)).ToDictionary(threshold => threshold.DeviceId, threshold => threshold.Percent);

    public Task SetThresholdAsync(ulong deviceId, int? percent, ulong setBy, DateTimeOffset at, CancellationToken cancellationToken) =>
        percent is { } value
            ? session.ExecuteAsync(
                """
                INSERT INTO charge_thresholds (device_id, percent, set_by, set_at) VALUES (@device_id, @percent, @set_by, @set_at)
                ON CONFLICT (device_id) DO UPDATE SET percent = excluded.percent, set_by = excluded.set_by, set_at = excluded.set_at
                """,
                [("@device_id", SqlValues.Id(deviceId)), ("@percent", (long)value), ("@set_by", SqlValues.Id(setBy)), ("@set_at", SqlValues.Time(at))],
                cancellationToken)
            : session.ExecuteAsync("DELETE FROM charge_thresholds WHERE device_id = @device_id", [("@device_id", SqlValues.Id(deviceId))], cancellationToken);

    public async Task<long> InsertPromptAsync(ChargePrompt prompt, CancellationToken cancellationToken) =>
        Convert.ToInt64(await session.ScalarAsync(
            """
            INSERT INTO charge_prompts (device_id, percent, threshold, created_at, closed_at, closed_reason, request_id)
            VALUES (@device_id, @percent, @threshold, @created_at, @closed_at, @closed_reason, @request_id)
            RETURNING id
            """,
            [
                ("@device_id", SqlValues.Id(prompt.DeviceId)),
                ("@percent", (long)prompt.Percent),
                ("@threshold", (long)prompt.Threshold),
                ("@created_at", SqlValues.Time(prompt.CreatedAt)),
                ("@closed_at", SqlValues.Time(prompt.ClosedAt)),
                ("@closed_reason", prompt.ClosedReason),
                ("@request_id", prompt.RequestId),
            ],
            cancellationToken));

    public Task<ChargePrompt?> GetPromptAsync(long id, CancellationToken cancellationToken) =>
        session.QuerySingleAsync($"SELECT {PromptColumns} FROM charge_prompts WHERE id = @id", [("@id", id)], ReadPrompt, cancellationToken);

    public Task<ChargePrompt?> OpenPromptAsync(ulong deviceId, CancellationToken cancellationToken) =>
        session.QuerySingleAsync(
            $"SELECT {PromptColumns} FROM charge_prompts WHERE device_id = @device_id AND closed_at IS NULL ORDER BY id DESC LIMIT 1",
            [("@device_id", SqlValues.Id(deviceId))], ReadPrompt, cancellationToken);

    public async Task<bool> ClosePromptAsync(long id, DateTimeOffset at, string reason, long? requestId, CancellationToken cancellationToken) =>
        await session.ExecuteAsync(
            "UPDATE charge_prompts SET closed_at = @at, closed_reason = @reason, request_id = @request_id WHERE id = @id AND closed_at IS NULL",
            [("@id", id), ("@at", SqlValues.Time(at)), ("@reason", reason), ("@request_id", requestId)], cancellationToken) == 1;

    public async Task<long> InsertRequestAsync(RemoteLockRequest request, CancellationToken cancellationToken) =>
        Convert.ToInt64(await session.ScalarAsync(
            """
            INSERT INTO remote_lock_requests (device_id, action, requested_by, requested_at, prompt_id, outbox_id, message_id, state, reason, updated_at)
            VALUES (@device_id, @action, @requested_by, @requested_at, @prompt_id, @outbox_id, @message_id, @state, @reason, @updated_at)
            RETURNING id
            """,
            RequestArguments(request),
            cancellationToken));

    public Task<RemoteLockRequest?> GetRequestAsync(long id, CancellationToken cancellationToken) =>
        session.QuerySingleAsync($"SELECT {RequestColumns} FROM remote_lock_requests WHERE id = @id", [("@id", id)], ReadRequest, cancellationToken);

    public Task<RemoteLockRequest?> FindRequestAsync(ulong deviceId, uint messageId, CancellationToken cancellationToken) =>
        session.QuerySingleAsync(
            $"SELECT {RequestColumns} FROM remote_lock_requests WHERE device_id = @device_id AND message_id = @message_id",
            [("@device_id", SqlValues.Id(deviceId)), ("@message_id", (long)messageId)], ReadRequest, cancellationToken);

    public Task UpdateRequestAsync(RemoteLockRequest request, CancellationToken cancellationToken) =>
        session.ExecuteAsync(
            "UPDATE remote_lock_requests SET state = @state, reason = @reason, updated_at = @updated_at WHERE id = @id",
            [("@id", request.Id), .. RequestArguments(request)], cancellationToken);

    public async Task<IReadOnlyList<RemoteLockRequest>> RequestsAsync(ulong deviceId, int limit, CancellationToken cancellationToken) =>
        await session.QueryAsync(
            $"SELECT {RequestColumns} FROM remote_lock_requests WHERE device_id = @device_id ORDER BY id DESC LIMIT @limit",
            [("@device_id", SqlValues.Id(deviceId)), ("@limit", (long)limit)], ReadRequest, cancellationToken);

    public Task<IReadOnlyList<RemoteLockRequest>> UnansweredAsync(ulong deviceId, CancellationToken cancellationToken) =>
        UnansweredAsync([deviceId], cancellationToken);

    public async Task<IReadOnlyList<RemoteLockRequest>> UnansweredAsync(IReadOnlyList<ulong> deviceIds, CancellationToken cancellationToken) =>
        deviceIds.Count == 0
            ? []
            : await session.QueryAsync(
                $"SELECT {RequestColumns} FROM remote_lock_requests WHERE {session.Dialect.InIds("device_id", "@device_ids")} AND state = @sent ORDER BY id",
                [("@device_ids", session.Dialect.IdsValue([.. deviceIds.Select(SqlValues.Id)])), ("@sent", (long)RemoteLockRequestState.Sent)], ReadRequest, cancellationToken);

    private static (string Name, object? Value)[] RequestArguments(RemoteLockRequest request) =>
    [
        ("@device_id", SqlValues.Id(request.DeviceId)),
        ("@action", (long)request.Action),
        ("@requested_by", SqlValues.Id(request.RequestedBy)),
        ("@requested_at", SqlValues.Time(request.RequestedAt)),
        ("@prompt_id", request.PromptId),
        ("@outbox_id", request.OutboxId),
        ("@message_id", (long)request.MessageId),
        ("@state", (long)request.State),
        ("@reason", request.Reason),
        ("@updated_at", SqlValues.Time(request.UpdatedAt)),
    ];

    private static VehicleState ReadState(DbDataReader row) => new(
        row.GetId(0),
        row.GetUInt32(1),
        row.GetInt64OrNull(2) is { } charge ? (int)charge : null,
        (ChargingCable)row.GetInt64(3),
        row.GetInt64OrNull(4) is { } speed ? (int)speed : null,
        row.GetInt64OrNull(5) is { } on ? on == 1 : null,
        (RemoteLockState)row.GetInt64(6),
        row.GetInt64(7) == 1,
        row.GetInt64(8) == 1,
        row.GetUInt32(9),
        row.GetTime(10));

    private static ChargePrompt ReadPrompt(DbDataReader row) => new(
        row.GetInt64(0),
        row.GetId(1),
        row.GetInt(2),
        row.GetInt(3),
        row.GetTime(4),
        row.GetTimeOrNull(5),
        row.GetStringOrNull(6),
        row.GetInt64OrNull(7));

    private static RemoteLockRequest ReadRequest(DbDataReader row) => new(
        row.GetInt64(0),
        row.GetId(1),
        (RemoteLockAction)row.GetInt64(2),
        row.GetId(3),
        row.GetTime(4),
        row.GetInt64OrNull(5),
        row.GetInt64(6),
        row.GetUInt32(7),
        (RemoteLockRequestState)row.GetInt64(8),
        row.GetStringOrNull(9),
        row.GetTime(10));
}
