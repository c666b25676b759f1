using ShareKey.KeyService.Storage;

namespace ShareKey.KeyService.Users;

/// <summary>The users feature's tables in a store session: `session.Users`, `session.ApiTokens`.</summary>
public static class UserTables
{
    extension(IStoreSession session)
    {
        public IUserTable Users => session.Table<IUserTable>(static sql => new SqlUserTable(sql));

        public IApiTokenTable ApiTokens => session.Table<IApiTokenTable>(static sql => new SqlApiTokenTable(sql));
    }
}
