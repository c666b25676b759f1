using ShareKey.KeyService.Storage;

namespace ShareKey.KeyService.Outbox;

/// <summary>The outbox's table in a store session: `session.Outbox`.</summary>
public static class OutboxTables
{
    extension(IStoreSession session)
    {
        public IOutboxTable Outbox => session.Table<IOutboxTable>(static sql => new SqlOutboxTable(sql));
    }
}
