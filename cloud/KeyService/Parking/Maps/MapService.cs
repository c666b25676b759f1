using ShareKey.KeyService.Api;
using ShareKey.KeyService.Auth;
using ShareKey.KeyService.Parking.Garages;
using ShareKey.KeyService.Parking.Spaces;
using ShareKey.KeyService.Problems;
using ShareKey.KeyService.Storage;

namespace ShareKey.KeyService.Parking.Maps;

/// <summary>
/// The map a renter gets with their key (R2.10): the garage with their space marked and the shortest
/// route to it from an entrance. Only for someone holding a live key of the space's lock, its
/// managers and operators.
/// </summary>
public sealed class MapService(IKeyStore store, TimeProvider time)
{
    public async Task<string> SpaceMapAsync(Caller caller, ulong spaceId, CancellationToken cancellationToken)
    {
        await using var session = await store.BeginReadAsync(cancellationToken);
        var space = await SpaceService.RequireAsync(session, spaceId, cancellationToken);
        await SpaceAuthority.RequireHolderOrManagerAsync(session, caller, space, time, "get the map", cancellationToken);
        var garage = await GarageService.RequireAsync(session, space.GarageId, cancellationToken);
        var (map, shape) = Drawn(garage, space);
        var route = AisleRoute.Shortest(map, shape.Access)
            ?? throw new ServiceError(ErrorCode.SpaceNotOnMap, $"No aisle leads from an entrance to space {space.SpaceId}.");
        return MapPicture.Draw(garage, $"{garage.Name}: space {space.SpaceId} and the way to it", new Dictionary<string, string> { [space.SpaceId] = MapPicture.Marked }, route, space.SpaceId);
    }

    /// <summary>The garage's map and the space's outline on it; refused when either is missing.</summary>
    public static (GarageMap Map, SpaceShape Shape) Drawn(Garage garage, ParkingSpace space)
    {
        var map = garage.Map ?? throw new ServiceError(ErrorCode.GarageHasNoMap, $"Garage '{garage.Name}' has no map; an operator imports one (`sharekey garage import`).");
        var shape = map.Spaces.FirstOrDefault(s => s.SpaceId == space.SpaceId)
            ?? throw new ServiceError(ErrorCode.SpaceNotOnMap, $"Space {space.SpaceId} ({Ids.Format(space.Id)}) is not drawn on the map of garage '{garage.Name}'.");
        return (map, shape);
    }
}
