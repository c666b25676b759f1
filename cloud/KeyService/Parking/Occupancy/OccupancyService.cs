using Microsoft.Extensions.Options;
using ShareKey.KeyService.Api;
using ShareKey.KeyService.Audit;
using ShareKey.KeyService.Auth;
using ShareKey.KeyService.Devices;
using ShareKey.KeyService.Outbox;
using ShareKey.KeyService.Parking;
using ShareKey.KeyService.Parking.Garages;
using ShareKey.KeyService.Parking.Maps;
using ShareKey.KeyService.Parking.Spaces;
using ShareKey.KeyService.Problems;
using ShareKey.KeyService.Storage;
using ShareKey.Protocol.Messages;

namespace ShareKey.KeyService.Parking.Occupancy;

/// <summary>
/// Occupancy (R2.9) as the service can vouch for it: a space's latest report counts only while it is
/// younger than Parking:OccupancyStaleAfter — a lock silent past its heartbeat shows unknown, never
/// free. Managers see their spaces, operators every space; either may ask a lock to report now.
/// </summary>
public sealed class OccupancyService(IKeyStore store, OutboxWriter outbox, AuditLog audit, TimeProvider time, IOptions<ParkingOptions> options)
{
    public const int MaxHistory = 500;

    public async Task<SpaceOccupancy> SpaceAsync(Caller caller, ulong spaceId, int limit, CancellationToken cancellationToken)
    {
        await using var session = await store.BeginReadAsync(cancellationToken);
        var space = await SpaceService.RequireAsync(session, spaceId, cancellationToken);
        await SpaceAuthority.RequireManagerAsync(session, caller, space, "see a space's occupancy", cancellationToken);
        var history = await session.Occupancy.HistoryAsync(space.Id, Math.Clamp(limit, 1, MaxHistory), cancellationToken);
        return Judge(space, history, time.GetUtcNow());
    }

    /// <summary>Every space of the garage the caller manages (an operator: all), with its state at <c>At</c> (the service's clock, once for all).</summary>
    public async Task<(Garage Garage, DateTimeOffset At, IReadOnlyList<SpaceOccupancy> Spaces)> GarageAsync(Caller caller, ulong garageId, CancellationToken cancellationToken)
    {
        await using var session = await store.BeginReadAsync(cancellationToken);
        var garage = await GarageService.RequireAsync(session, garageId, cancellationToken);
        var now = time.GetUtcNow();
        var spaces = new List<SpaceOccupancy>();
        foreach (var space in await session.Spaces.ListAsync(garage.Id, cancellationToken))
        {
            if (await SpaceAuthority.ManagesAsync(session, caller, space, cancellationToken))
            {
                spaces.Add(Judge(space, await session.Occupancy.HistoryAsync(space.Id, 1, cancellationToken), now));
            }
        }

        return spaces.Count > 0 || caller.IsOperator
            ? (garage, now, spaces)
            : throw new ServiceError(ErrorCode.Forbidden, $"You manage no space of garage '{garage.Name}'; only its spaces' managers and operators see its occupancy.");
    }

    /// <summary>The garage map with each space the caller manages coloured occupied, free or unknown (others plain).</summary>
    public async Task<string> GarageMapAsync(Caller caller, ulong garageId, CancellationToken cancellationToken)
    {
        var (garage, at, spaces) = await GarageAsync(caller, garageId, cancellationToken);
        if (garage.Map is null)
        {
            throw new ServiceError(ErrorCode.GarageHasNoMap, $"Garage '{garage.Name}' has no map; an operator imports one (`sharekey garage import`).");
        }

        var fills = spaces.ToDictionary(s => s.Space.SpaceId, s => s.State switch
        {
            OccupancyState.Occupied => MapPicture.Occupied,
            OccupancyState.Free => MapPicture.Free,
            _ => MapPicture.Unknown,
        });
        return MapPicture.Draw(garage, $"{garage.Name}: occupancy at {at:u}", fills);
    }

    /// <summary>Queues a ReportRequest (docs/protocol.md §4.16) to the space's lock through the outbox; its answer comes as occupancy events.</summary>
    public Task<OutboxMessage> RequestReportAsync(Caller caller, ulong spaceId, CancellationToken cancellationToken) =>
        audit.RunAsync(caller.Actor, "space.report", SpaceService.Target(spaceId), async session =>
        {
            var space = await SpaceService.RequireAsync(session, spaceId, cancellationToken);
            await SpaceAuthority.RequireManagerAsync(session, caller, space, "ask a space's lock to report", cancellationToken);
            // Locked before its outbox gets the request (the lock order, Storage/Sql/DeviceLocks.cs).
            await session.Devices.GetAsync(space.DeviceId, forUpdate: true, cancellationToken);
            var device = await DeviceService.ActiveDeviceAsync(session, space.DeviceId, cancellationToken);
            var sent = await outbox.EnqueueAsync(session, device, new ReportRequestMessage(), null, cancellationToken);
            await audit.AppendAsync(session, caller.Actor, "space.report", SpaceService.Target(spaceId), $"lock={Ids.Format(device.Id)} message={sent.MessageId}", cancellationToken);
            return sent;
        }, cancellationToken);

    private SpaceOccupancy Judge(ParkingSpace space, IReadOnlyList<OccupancyRecord> history, DateTimeOffset now)
    {
        var latest = history.Count > 0 ? history[0] : null;
        var fresh = latest is not null && now - latest.ReceivedAt <= options.Value.OccupancyStaleAfter;
        var state = !fresh ? OccupancyState.Unknown : latest!.Occupied ? OccupancyState.Occupied : OccupancyState.Free;
        return new SpaceOccupancy(space, state, latest, history);
    }
}

/// <summary>A space's state now, its latest report (null: never reported) and the reports asked for, newest first.</summary>
public sealed record SpaceOccupancy(ParkingSpace Space, OccupancyState State, OccupancyRecord? Latest, IReadOnlyList<OccupancyRecord> History);
