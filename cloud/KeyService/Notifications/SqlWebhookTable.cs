using System.Data.Common;
using ShareKey.KeyService.Storage;
using ShareKey.KeyService.Storage.Sql;

namespace ShareKey.KeyService.Notifications;

internal sealed class SqlWebhookTable(SqlStoreSession session) : IWebhookTable
{
    private const string EndpointColumns = "id, user_id, url, types, secret_sealed, created_at, removed_at, paused_until";

    private const string DeliveryColumns =
        "id, endpoint_id, notification_id, state, attempts, next_attempt_at, give_up_at, created_at, last_attempt_at, delivered_at, last_status, last_error";

    private static readonly (string Name, object? Value) Pending = ("@pending", (long)DeliveryState.Pending);

    public Task InsertEndpointAsync(WebhookEndpoint endpoint, CancellationToken cancellationToken) =>
        session.ExecuteAsync(
            $"INSERT INTO webhook_endpoints ({EndpointColumns}) VALUES (@id, @user_id, @url, @types, @secret_sealed, @created_at, @removed_at, @paused_until)",
            [
                ("@id", SqlValues.Id(endpoint.Id)),
                ("@user_id", SqlValues.Id(endpoint.UserId)),
                ("@url", endpoint.Url),
                ("@types", string.Join(",", endpoint.Types.Select(type => type.Wire()))),
                ("@secret_sealed", endpoint.SecretSealed),
                ("@created_at", SqlValues.Time(endpoint.CreatedAt)),
                ("@removed_at", SqlValues.Time(endpoint.RemovedAt)),
                ("@paused_until", SqlValues.Time(endpoint.PausedUntil)),
            ],
            cancellationToken);

    public Task<WebhookEndpoint?> GetEndpointAsync(ulong id, bool forUpdate, CancellationToken cancellationToken) =>
        session.QuerySingleAsync(
            $"SELECT {EndpointColumns} FROM webhook_endpoints WHERE id = @id{(forUpdate ? session.Dialect.ForUpdate : "")}",
            [("@id", SqlValues.Id(id))],
            ReadEndpoint,
            cancellationToken);

    public async Task<IReadOnlyList<WebhookEndpoint>> ActiveEndpointsAsync(ulong? userId, CancellationToken cancellationToken)
    {
        var filter = new SqlFilter().IdIfGiven("user_id", userId);
        var where = filter.Where.Length == 0 ? " WHERE removed_at IS NULL" : filter.Where + " AND removed_at IS NULL";
        return await session.QueryAsync(
            $"SELECT {EndpointColumns} FROM webhook_endpoints{where} ORDER BY created_at, id",
            filter.Arguments(),
            ReadEndpoint,
            cancellationToken);
    }

    // Under READ COMMITTED, an endpoint whose removal committed while this waited for its row is
    // checked again against removed_at IS NULL, and left out.
    public async Task<IReadOnlyList<WebhookEndpoint>> LockActiveEndpointsAsync(ulong userId, CancellationToken cancellationToken) =>
        await session.QueryAsync(
            $"SELECT {EndpointColumns} FROM webhook_endpoints WHERE user_id = @user_id AND removed_at IS NULL ORDER BY created_at, id{session.Dialect.ForUpdate}",
            [("@user_id", SqlValues.Id(userId))],
            ReadEndpoint,
            cancellationToken);

    public async Task<int> CountActiveEndpointsAsync(ulong userId, CancellationToken cancellationToken) =>
        Convert.ToInt32(await session.ScalarAsync(
            "SELECT count(*) FROM webhook_endpoints WHERE user_id = @user_id AND removed_at IS NULL",
            [("@user_id", SqlValues.Id(userId))],
            cancellationToken));

    public async Task<int> RemoveEndpointAsync(ulong id, DateTimeOffset at, CancellationToken cancellationToken)
    {
        await session.ExecuteAsync(
            "UPDATE webhook_endpoints SET removed_at = @at WHERE id = @id AND removed_at IS NULL",
            [("@id", SqlValues.Id(id)), ("@at", SqlValues.Time(at))],
            cancellationToken);
        return await session.ExecuteAsync(
            "UPDATE webhook_deliveries SET state = @cancelled WHERE endpoint_id = @id AND state = @pending",
            [("@id", SqlValues.Id(id)), ("@cancelled", (long)DeliveryState.Cancelled), Pending],
            cancellationToken);
    }

    public Task SetPausedUntilAsync(ulong endpointId, DateTimeOffset until, CancellationToken cancellationToken) =>
        session.ExecuteAsync(
            "UPDATE webhook_endpoints SET paused_until = @until WHERE id = @id",
            [("@id", SqlValues.Id(endpointId)), ("@until", SqlValues.Time(until))],
            cancellationToken);

    public Task InsertDeliveryAsync(WebhookDelivery delivery, CancellationToken cancellationToken) =>
        session.ExecuteAsync(
            """
            INSERT INTO webhook_deliveries (endpoint_id, notification_id, state, attempts, next_attempt_at, give_up_at, created_at,
                last_attempt_at, delivered_at, last_status, last_error)
            VALUES (@endpoint_id, @notification_id, @state, @attempts, @next_attempt_at, @give_up_at, @created_at,
                @last_attempt_at, @delivered_at, @last_status, @last_error)
            ON CONFLICT DO NOTHING
            """,
            Arguments(delivery),
            cancellationToken);

    public Task<WebhookDelivery?> GetDeliveryAsync(long id, CancellationToken cancellationToken) =>
        session.QuerySingleAsync($"SELECT {DeliveryColumns} FROM webhook_deliveries WHERE id = @id", [("@id", id)], ReadDelivery, cancellationToken);

    public async Task<IReadOnlyList<WebhookDelivery>> DueAsync(DateTimeOffset now, IReadOnlyList<long> busy, int limit, CancellationToken cancellationToken)
    {
        // The oldest due delivery per endpoint: one endpoint's backlog never fills the batch.
        var heads = await session.QueryAsync(
            $"""
            SELECT MIN(d.id) FROM webhook_deliveries d JOIN webhook_endpoints e ON e.id = d.endpoint_id
            WHERE d.state = @pending AND d.next_attempt_at <= @now AND e.paused_until <= @now AND NOT ({session.Dialect.InIds("d.endpoint_id", "@busy")})
            GROUP BY d.endpoint_id LIMIT @limit
            """,
            [Pending, ("@now", SqlValues.Time(now)), ("@busy", session.Dialect.IdsValue(busy)), ("@limit", (long)limit)],
            row => row.GetInt64(0),
            cancellationToken);
        return heads.Count == 0
            ? []
            : await session.QueryAsync(
                $"SELECT {DeliveryColumns} FROM webhook_deliveries WHERE {session.Dialect.InIds("id", "@ids")} ORDER BY id",
                [("@ids", session.Dialect.IdsValue(heads))],
                ReadDelivery,
                cancellationToken);
    }

    public async Task<bool> ClaimAsync(long id, DateTimeOffset now, DateTimeOffset leaseUntil, CancellationToken cancellationToken) =>
        await session.ExecuteAsync(
            """
            UPDATE webhook_deliveries SET attempts = attempts + 1, last_attempt_at = @now, next_attempt_at = @lease
            WHERE id = @id AND state = @pending AND next_attempt_at <= @now
            """,
            [("@id", id), ("@now", SqlValues.Time(now)), ("@lease", SqlValues.Time(leaseUntil)), Pending],
            cancellationToken) == 1;

    public Task UpdateDeliveryAsync(WebhookDelivery delivery, CancellationToken cancellationToken) =>
        session.ExecuteAsync(
            """
            UPDATE webhook_deliveries SET endpoint_id = @endpoint_id, notification_id = @notification_id, state = @state, attempts = @attempts,
                next_attempt_at = @next_attempt_at, give_up_at = @give_up_at, created_at = @created_at, last_attempt_at = @last_attempt_at,
                delivered_at = @delivered_at, last_status = @last_status, last_error = @last_error
            WHERE id = @id
            """,
            [("@id", delivery.Id), .. Arguments(delivery)],
            cancellationToken);

    public Task<int> ExpireAsync(ulong endpointId, DateTimeOffset now, CancellationToken cancellationToken) =>
        session.ExecuteAsync(
            """
            UPDATE webhook_deliveries SET state = @dead, last_error = 'given up with an earlier delivery to this endpoint'
            WHERE endpoint_id = @endpoint_id AND state = @pending AND give_up_at <= @now
            """,
            [("@endpoint_id", SqlValues.Id(endpointId)), ("@dead", (long)DeliveryState.Dead), Pending, ("@now", SqlValues.Time(now))],
            cancellationToken);

    public Task<int> ReplayAsync(ulong endpointId, IReadOnlyList<long>? deliveryIds, DateTimeOffset now, DateTimeOffset giveUpAt, CancellationToken cancellationToken)
    {
        (string Name, object? Value)[] arguments =
        [
            ("@endpoint_id", SqlValues.Id(endpointId)), ("@dead", (long)DeliveryState.Dead), Pending, ("@now", SqlValues.Time(now)), ("@give_up_at", SqlValues.Time(giveUpAt)),
        ];
        const string Replay = "UPDATE webhook_deliveries SET state = @pending, attempts = 0, next_attempt_at = @now, give_up_at = @give_up_at WHERE endpoint_id = @endpoint_id AND state = @dead";
        return deliveryIds is null
            ? session.ExecuteAsync(Replay, arguments, cancellationToken)
            : session.ExecuteAsync($"{Replay} AND {session.Dialect.InIds("id", "@ids")}", [.. arguments, ("@ids", session.Dialect.IdsValue(deliveryIds))], cancellationToken);
    }

    public async Task<IReadOnlyList<WebhookDelivery>> DeliveriesAsync(ulong endpointId, DeliveryState state, int limit, CancellationToken cancellationToken) =>
        await session.QueryAsync(
            $"SELECT {DeliveryColumns} FROM webhook_deliveries WHERE endpoint_id = @endpoint_id AND state = @state ORDER BY id DESC LIMIT @limit",
            [("@endpoint_id", SqlValues.Id(endpointId)), ("@state", (long)state), ("@limit", (long)limit)],
            ReadDelivery,
            cancellationToken);

    public async Task<DateTimeOffset?> NextDueAsync(CancellationToken cancellationToken) =>
        await session.ScalarAsync(
            """
            SELECT MIN(CASE WHEN e.paused_until > d.next_attempt_at THEN e.paused_until ELSE d.next_attempt_at END)
            FROM webhook_deliveries d JOIN webhook_endpoints e ON e.id = d.endpoint_id WHERE d.state = @pending
            """,
            [Pending],
            cancellationToken) is { } due
            ? DateTimeOffset.FromUnixTimeMilliseconds(Convert.ToInt64(due))
            : null;

    private static (string Name, object? Value)[] Arguments(WebhookDelivery delivery) =>
    [
        ("@endpoint_id", SqlValues.Id(delivery.EndpointId)),
        ("@notification_id", delivery.NotificationId),
        ("@state", (long)delivery.State),
        ("@attempts", (long)delivery.Attempts),
        ("@next_attempt_at", SqlValues.Time(delivery.NextAttemptAt)),
        ("@give_up_at", SqlValues.Time(delivery.GiveUpAt)),
        ("@created_at", SqlValues.Time(delivery.CreatedAt)),
        ("@last_attempt_at", SqlValues.Time(delivery.LastAttemptAt)),
        ("@delivered_at", SqlValues.Time(delivery.DeliveredAt)),
        ("@last_status", (long?)delivery.LastStatus),
        ("@last_error", delivery.LastError),
    ];

    private static WebhookEndpoint ReadEndpoint(DbDataReader row) => new(
        row.GetId(0),
        row.GetId(1),
        row.GetString(2),
        row.GetString(3).Split(',', StringSplitOptions.RemoveEmptyEntries)
            .Select(wire => NotificationTypes.TryParse(wire, out var type) ? type : throw new InvalidDataException($"Unknown notification type '{wire}' in the store."))
            .ToList(),
        row.GetBlob(4),
        row.GetTime(5),
        row.GetTimeOrNull(6),
        row.GetTime(7));

    private static WebhookDelivery ReadDelivery(DbDataReader row) => new(
        row.GetInt64(0),
        row.GetId(1),
        row.GetInt64(2),
        (DeliveryState)row.GetInt64(3),
        row.GetInt(4),
        row.GetTime(5),
        row.GetTime(6),
        row.GetTime(7),
        row.GetTimeOrNull(8),
        row.GetTimeOrNull(9),
        row.GetInt64OrNull(10) is { } status ? (int)status : null,
        row.GetStringOrNull(11));
}
