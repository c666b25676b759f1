using ShareKey.KeyService.Storage;

namespace ShareKey.KeyService.Parking.Reservations;

/// <summary>
/// What the lock at a space says about a renter's arrival — the seam the no-show rule asks. The lock
/// decides, never the app: occupied at any time from <c>from</c> to the no-show time is an arrival;
/// free throughout is a no-show only once the lock has been heard from after the no-show time (a
/// silent lock's space is unknown, not free, so nobody is released on its silence).
/// </summary>
public interface IArrivalEvidence
{
    Task<Arrival> ArrivalAsync(IStoreSession session, Reservation reservation, DateTimeOffset from, CancellationToken cancellationToken);
}

public enum ArrivalVerdict
{
    Arrived,
    NoShow,
    NotKnownYet,
}

/// <summary>The verdict, and when the lock first saw the space occupied (for <see cref="ArrivalVerdict.Arrived"/>).</summary>
public sealed record Arrival(ArrivalVerdict Verdict, DateTimeOffset? OccupiedAt = null);
