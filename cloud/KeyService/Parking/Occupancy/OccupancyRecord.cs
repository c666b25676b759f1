namespace ShareKey.KeyService.Parking.Occupancy;

/// <summary>One occupancy report a space's lock sent (its Event record, kind occupancy), as stored for the space.</summary>
public sealed record OccupancyRecord(long Id, ulong SpaceId, ulong DeviceId, bool Occupied, OccupancyReason Reason, uint DeviceTime, DateTimeOffset ReceivedAt);

/// <summary>Why the lock reported (the event's detail, docs/protocol.md §4.12).</summary>
public enum OccupancyReason
{
    Change = 0,
    Heartbeat = 1,

    /// <summary>Answering a ReportRequest (§4.16).</summary>
    Asked = 2,
}

/// <summary>A space as the service can vouch for it now: unknown when its lock has not reported within Parking:OccupancyStaleAfter.</summary>
public enum OccupancyState
{
    Free,
    Occupied,
    Unknown,
}
