using ShareKey.KeyService.Api;

namespace ShareKey.KeyService.Parking.Occupancy;

public sealed record OccupancyReportDto(bool Occupied, OccupancyReason Reason, uint DeviceTime, DateTimeOffset ReceivedAt)
{
    public static OccupancyReportDto Of(OccupancyRecord r) => new(r.Occupied, r.Reason, r.DeviceTime, r.ReceivedAt);
}

/// <summary>A space's occupancy: its state now (unknown when its lock is silent past the stale limit), the latest report and the history asked for.</summary>
public sealed record SpaceOccupancyDto(string SpaceId, string Id, int Level, OccupancyState State, DateTimeOffset? LastReportAt, IReadOnlyList<OccupancyReportDto> History)
{
    public static SpaceOccupancyDto Of(SpaceOccupancy o, bool withHistory) => new(
        o.Space.SpaceId, Ids.Format(o.Space.Id), o.Space.Level, o.State, o.Latest?.ReceivedAt, withHistory ? o.History.Select(OccupancyReportDto.Of).ToList() : []);
}

/// <summary>A garage's occupancy (APDS's demand counts: occupied, free, unknown) over the spaces the caller manages.</summary>
public sealed record GarageOccupancyDto(string GarageId, string Name, DateTimeOffset At, int Occupied, int Free, int Unknown, IReadOnlyList<SpaceOccupancyDto> Spaces);

public sealed record ReportRequestedDto(string SpaceId, string LockId, uint MessageId);
