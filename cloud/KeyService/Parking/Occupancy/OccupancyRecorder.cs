using ShareKey.KeyService.Devices;
using ShareKey.KeyService.Parking.Spaces;
using ShareKey.KeyService.Storage;
using ShareKey.Protocol.Messages;

namespace ShareKey.KeyService.Parking.Occupancy;

/// <summary>
/// Keeps a space's occupancy reports as its lock's Event batches are stored (in the same session,
/// so a batch and its occupancy records commit together — and a duplicate batch adds nothing).
/// </summary>
public sealed class OccupancyRecorder
{
    public async Task OnEventsAsync(IStoreSession session, Device device, IReadOnlyList<EventRecord> events, DateTimeOffset receivedAt, CancellationToken cancellationToken)
    {
        if (device.Kind != DeviceKind.ParkingLock || !events.Any(e => e.Kind == EventKind.Occupancy))
        {
            return;
        }

        if (await session.Spaces.ForDeviceAsync(device.Id, cancellationToken) is not { } space)
        {
            return;
        }

        var records = events
            .Where(e => e.Kind == EventKind.Occupancy && e.Value is 0 or 1 && e.Detail <= (byte)OccupancyReason.Asked)
            .Select(e => new OccupancyRecord(0, space.Id, device.Id, e.Value == 1, (OccupancyReason)e.Detail, e.Time, receivedAt))
            .ToList();
        await session.Occupancy.AddAsync(records, cancellationToken);
    }
}
