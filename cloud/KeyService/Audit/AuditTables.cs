using ShareKey.KeyService.Storage;

namespace ShareKey.KeyService.Audit;

/// <summary>The audit log's table in a store session: `session.Audit`.</summary>
public static class AuditTables
{
    extension(IStoreSession session)
    {
        public IAuditTable Audit => session.Table<IAuditTable>(static sql => new SqlAuditTable(sql));
    }
}
