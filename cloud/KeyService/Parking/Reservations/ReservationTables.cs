using ShareKey.KeyService.Storage;

namespace ShareKey.KeyService.Parking.Reservations;

/// <summary>The reservations' table in a store session: `session.Reservations`.</summary>
public static class ReservationTables
{
    extension(IStoreSession session)
    {
        public IReservationTable Reservations => session.Table<IReservationTable>(static sql => new SqlReservationTable(sql));
    }
}
