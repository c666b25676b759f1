using ShareKey.KeyService.Storage;

namespace ShareKey.KeyService.Parking.Spaces;

/// <summary>The parking spaces' table in a store session: `session.Spaces`.</summary>
public static class SpaceTables
{
    extension(IStoreSession session)
    {
        public ISpaceTable Spaces => session.Table<ISpaceTable>(static sql => new SqlSpaceTable(sql));
    }
}
