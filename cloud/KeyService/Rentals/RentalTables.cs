using ShareKey.KeyService.Storage;

namespace ShareKey.KeyService.Rentals;

/// <summary>The rentals feature's table in a store session: `session.Rentals`.</summary>
public static class RentalTables
{
    extension(IStoreSession session)
    {
        public IRentalTable Rentals => session.Table<IRentalTable>(static sql => new SqlRentalTable(sql));
    }
}
