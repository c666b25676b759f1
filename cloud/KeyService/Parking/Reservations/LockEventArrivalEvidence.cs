using ShareKey.KeyService.Devices;
using ShareKey.KeyService.Keys;
using ShareKey.KeyService.Storage;
using ShareKey.Protocol.Messages;

namespace ShareKey.KeyService.Parking.Reservations;

/// <summary>
/// Arrival from the lock's own occupancy events as stored from its Event batches (EventKind
/// Occupancy, value 1 = occupied; a change or the periodic heartbeat of an occupied space both
/// count), by the lock's clock; "heard from" is any uplink (the device's last-seen time).
/// </summary>
public sealed class LockEventArrivalEvidence : IArrivalEvidence
{
    private const short Occupied = 1;

    public async Task<Arrival> ArrivalAsync(IStoreSession session, Reservation reservation, DateTimeOffset from, CancellationToken cancellationToken)
    {
        var seen = await session.Reports.FirstEventAsync(
            reservation.DeviceId, EventKind.Occupancy, Occupied, KeyManager.ToDeviceTime(from), KeyManager.ToDeviceTime(reservation.NoShowAt), cancellationToken);
        if (seen is not null)
        {
            return new Arrival(ArrivalVerdict.Arrived, DateTimeOffset.FromUnixTimeSeconds(seen.DeviceTime));
        }

        var device = await session.Devices.GetAsync(reservation.DeviceId, forUpdate: false, cancellationToken);
        return device?.LastSeenAt >= reservation.NoShowAt ? new Arrival(ArrivalVerdict.NoShow) : new Arrival(ArrivalVerdict.NotKnownYet);
    }
}
