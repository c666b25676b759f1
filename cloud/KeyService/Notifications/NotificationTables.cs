using ShareKey.KeyService.Storage;

namespace ShareKey.KeyService.Notifications;

/// <summary>The notification pipeline's tables in a store session: `session.Notifications`, `session.NotificationSources`, `session.Webhooks`.</summary>
public static class NotificationTables
{
    extension(IStoreSession session)
    {
        public INotificationTable Notifications => session.Table<INotificationTable>(static sql => new SqlNotificationTable(sql));

        public INotificationSourceTable NotificationSources => session.Table<INotificationSourceTable>(static sql => new SqlNotificationSourceTable(sql));

        public IWebhookTable Webhooks => session.Table<IWebhookTable>(static sql => new SqlWebhookTable(sql));
    }
}
