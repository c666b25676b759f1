using ShareKey.KeyService.Storage;

namespace ShareKey.KeyService.Keys;

/// <summary>The keys feature's table in a store session: `session.Keys`.</summary>
public static class KeyTables
{
    extension(IStoreSession session)
    {
        public IKeyTable Keys => session.Table<IKeyTable>(static sql => new SqlKeyTable(sql));
    }
}
