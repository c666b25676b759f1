using ShareKey.KeyService.Storage;

namespace ShareKey.KeyService.Parking.Garages;

/// <summary>The garages' table in a store session: `session.Garages`.</summary>
public static class GarageTables
{
    extension(IStoreSession session)
    {
        public IGarageTable Garages => session.Table<IGarageTable>(static sql => new SqlGarageTable(sql));
    }
}
