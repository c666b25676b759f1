using ShareKey.KeyService.Storage;

namespace ShareKey.KeyService.Vehicles;

/// <summary>The VIN bindings' table in a store session: `session.Bindings`.</summary>
public static class BindingTables
{
    extension(IStoreSession session)
    {
        public IBindingTable Bindings => session.Table<IBindingTable>(static sql => new SqlBindingTable(sql));
    }
}
