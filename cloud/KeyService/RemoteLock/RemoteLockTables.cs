using ShareKey.KeyService.Storage;

namespace ShareKey.KeyService.RemoteLock;

/// <summary>Remote locking's table in a store session: `session.RemoteLocks`.</summary>
public static class RemoteLockTables
{
    extension(IStoreSession session)
    {
        public IRemoteLockTable RemoteLocks => session.Table<IRemoteLockTable>(static sql => new SqlRemoteLockTable(sql));
    }
}
