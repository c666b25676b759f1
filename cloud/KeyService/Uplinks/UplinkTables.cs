using ShareKey.KeyService.Storage;

namespace ShareKey.KeyService.Uplinks;

/// <summary>The gateway's table of received up messages in a store session: `session.Uplinks`.</summary>
public static class UplinkTables
{
    extension(IStoreSession session)
    {
        public IUplinkTable Uplinks => session.Table<IUplinkTable>(static sql => new SqlUplinkTable(sql));
    }
}
