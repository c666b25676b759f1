using ShareKey.KeyService.Keys;
using ShareKey.KeyService.Storage;

namespace ShareKey.KeyService.Parking.Occupancy;

/// <summary>
/// Whether a renter arrived, by the space's stored occupancy reports — the same records its
/// occupancy history and state come from (<see cref="OccupancyRecorder"/>), so "was the space
/// occupied" has one answer. The lock decides, never the app, by its own clock: an occupied report
/// (a change, a heartbeat or an answer to a ReportRequest) from <c>from</c> to the no-show time is an
/// arrival; free throughout is a no-show only once the lock has reported after the no-show time —
/// a silent lock's space is unknown, not free, so nobody is released on its silence.
/// </summary>
public static class SpaceArrival
{
    public static async Task<Arrival> CheckAsync(IStoreSession session, ulong spaceId, DateTimeOffset from, DateTimeOffset noShowAt, CancellationToken cancellationToken)
    {
        var until = KeyManager.ToDeviceTime(noShowAt);
        if (await session.Occupancy.FirstOccupiedAsync(spaceId, KeyManager.ToDeviceTime(from), until, cancellationToken) is { } occupied)
        {
            return new Arrival(ArrivalVerdict.Arrived, DateTimeOffset.FromUnixTimeSeconds(occupied.DeviceTime));
        }

        return await session.Occupancy.ReportedSinceAsync(spaceId, until, cancellationToken)
            ? new Arrival(ArrivalVerdict.NoShow)
            : new Arrival(ArrivalVerdict.NotKnownYet);
    }
}

public enum ArrivalVerdict
{
    Arrived,
    NoShow,
    NotKnownYet,
}

/// <summary>The verdict, and when the lock first saw the space occupied (for <see cref="ArrivalVerdict.Arrived"/>).</summary>
public sealed record Arrival(ArrivalVerdict Verdict, DateTimeOffset? OccupiedAt = null);
