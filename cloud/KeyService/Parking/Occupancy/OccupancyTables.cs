using ShareKey.KeyService.Storage;

namespace ShareKey.KeyService.Parking.Occupancy;

/// <summary>The occupancy records' table in a store session: `session.Occupancy`.</summary>
public static class OccupancyTables
{
    extension(IStoreSession session)
    {
        public IOccupancyTable Occupancy => session.Table<IOccupancyTable>(static sql => new SqlOccupancyTable(sql));
    }
}
