using System.Data.Common;
using ShareKey.KeyService.Storage;
using ShareKey.KeyService.Storage.Sql;

namespace ShareKey.KeyService.Notifications;

internal sealed class SqlNotificationTable(SqlStoreSession session) : INotificationTable
{
    private const string Columns = "id, user_id, type, occurred_at, created_at, device_id, key_id, source, data";

    /// <summary>A batch of notifications as arrays (PostgreSQL).</summary>
    private static readonly SqlRows InsertRows = new(
        ("user_id", SqlRowType.Bigint), ("type", SqlRowType.Text), ("occurred_at", SqlRowType.Bigint), ("created_at", SqlRowType.Bigint),
        ("device_id", SqlRowType.Bigint), ("key_id", SqlRowType.Bigint), ("source", SqlRowType.Text), ("data", SqlRowType.Text));

    public async Task<long?> InsertAsync(Notification notification, CancellationToken cancellationToken) =>
        (await InsertAsync([notification], cancellationToken))[0];

    public async Task<IReadOnlyList<long?>> InsertAsync(IReadOnlyList<Notification> notifications, CancellationToken cancellationToken)
    {
        var rows = notifications.Select(Arguments).ToList();
        if (notifications.Count > 1 && session.Dialect.TakesRowArrays)
        {
            // One statement for the batch. A row comes back by its unique key, and not when its source already told
            // its user this; a key the batch names twice goes in a second round, where it meets the first.
            return await session.EachRowAsync(
                $"""
                INSERT INTO notifications (user_id, type, occurred_at, created_at, device_id, key_id, source, data)
                SELECT user_id, type, occurred_at, created_at, device_id, key_id, source, data FROM {InsertRows.From("r")}
                ON CONFLICT DO NOTHING
                RETURNING source, user_id, type, id
                """,
                InsertRows,
                rows,
                i => (notifications[i].Source, SqlValues.Id(notifications[i].UserId), notifications[i].Type.Wire()),
                row => ((row.GetString(0), row.GetInt64(1), row.GetString(2)), row.GetInt64(3)),
                cancellationToken);
        }

        return [.. (await session.ScalarEachAsync(
            """
            INSERT INTO notifications (user_id, type, occurred_at, created_at, device_id, key_id, source, data)
            VALUES (@user_id, @type, @occurred_at, @created_at, @device_id, @key_id, @source, @data)
            ON CONFLICT DO NOTHING
            RETURNING id
            """,
            rows,
            cancellationToken)).Select(id => id is null ? (long?)null : Convert.ToInt64(id))];
    }

    private static (string Name, object? Value)[] Arguments(Notification notification) =>
    [
        ("@user_id", SqlValues.Id(notification.UserId)),
        ("@type", notification.Type.Wire()),
        ("@occurred_at", SqlValues.Time(notification.OccurredAt)),
        ("@created_at", SqlValues.Time(notification.CreatedAt)),
        ("@device_id", SqlValues.Id(notification.DeviceId)),
        ("@key_id", SqlValues.Id(notification.KeyId)),
        ("@source", notification.Source),
        ("@data", notification.Data),
    ];

    public async Task<IReadOnlyList<Notification>> NewestAsync(ulong userId, long? beforeId, int limit, CancellationToken cancellationToken) =>
        await session.QueryAsync(
            $"SELECT {Columns} FROM notifications WHERE user_id = @user_id AND id < @before ORDER BY id DESC LIMIT @limit",
            [("@user_id", SqlValues.Id(userId)), ("@before", beforeId ?? long.MaxValue), ("@limit", (long)limit)],
            Read,
            cancellationToken);

    public async Task<IReadOnlyList<Notification>> AfterAsync(ulong userId, long afterId, int limit, CancellationToken cancellationToken) =>
        await session.QueryAsync(
            $"SELECT {Columns} FROM notifications WHERE user_id = @user_id AND id > @after ORDER BY id LIMIT @limit",
            [("@user_id", SqlValues.Id(userId)), ("@after", afterId), ("@limit", (long)limit)],
            Read,
            cancellationToken);

    public Task<Notification?> GetAsync(long id, CancellationToken cancellationToken) =>
        session.QuerySingleAsync($"SELECT {Columns} FROM notifications WHERE id = @id", [("@id", id)], Read, cancellationToken);

    private static Notification Read(DbDataReader row) => new(
        row.GetInt64(0),
        row.GetId(1),
        NotificationTypes.TryParse(row.GetString(2), out var type) ? type : throw new InvalidDataException($"Unknown notification type '{row.GetString(2)}' in the store."),
        row.GetTime(3),
        row.GetTime(4),
        row.IsDBNull(5) ? null : row.GetId(5),
        row.IsDBNull(6) ? null : row.GetId(6),
        row.GetString(7),
        row.GetString(8));
}
