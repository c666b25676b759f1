using Microsoft.Extensions.Options;
using ShareKey.KeyService.Api;
using ShareKey.KeyService.Audit;
using ShareKey.KeyService.Auth;
using ShareKey.KeyService.Devices;
using ShareKey.KeyService.Parking;
using ShareKey.KeyService.Parking.Garages;
using ShareKey.KeyService.Parking.Spaces;
using ShareKey.KeyService.Problems;
using ShareKey.KeyService.Storage;

namespace ShareKey.KeyService.Parking.Maps;

/// <summary>
/// Garage files in and out (operators): an import creates the garage, its map and every space in
/// one transaction — all or nothing; an export writes the same file back from what is stored.
/// </summary>
public sealed class GarageFileService(IKeyStore store, AuditLog audit, TimeProvider time, IOptions<ParkingOptions> options)
{
    public Task<(Garage Garage, IReadOnlyList<ParkingSpace> Spaces)> ImportAsync(Caller caller, GarageFile file, CancellationToken cancellationToken)
    {
        caller.RequireOperator("import garages");
        var map = GarageFileCheck.Check(file);
        var floors = file.Floors.Select(floor => new GarageFloor(floor.Level, floor.Name)).ToList();
        var address = file.PlaceStreetAddress.ToAddress();
        GarageChecks.Check(file.TimeZone, address, floors);
        return audit.RunAsync(caller.Actor, "garage.import", $"garage-name:{file.Name}", async session =>
        {
            var garage = new Garage(Ids.NewId(), file.Name, file.TimeZone, address, floors, map, time.GetUtcNow());
            await GarageService.InsertAsync(session, garage, cancellationToken);
            var spaces = new List<ParkingSpace>();
            foreach (var floor in file.Floors)
            {
                foreach (var entry in floor.Spaces)
                {
                    var device = await session.Devices.FindActiveByNameAsync(entry.Lock, cancellationToken)
                        ?? throw new ServiceError(ErrorCode.DeviceNotFound, $"Space {entry.SpaceId}: no device in service is called '{entry.Lock}'; provision the lock first.");
                    var rules = entry.Rules?.Over(Defaults) ?? Defaults;
                    var space = new ParkingSpace(Ids.NewId(), garage.Id, entry.SpaceId, floor.Level, device.Id, rules, garage.CreatedAt);
                    await SpaceService.InsertAsync(session, garage, space, cancellationToken);
                    spaces.Add(space);
                }
            }

            await audit.AppendAsync(session, caller.Actor, "garage.import", GarageService.Target(garage.Id), $"name={garage.Name} floors={floors.Count} spaces={spaces.Count} nodes={map.Aisles.Nodes.Count}", cancellationToken);
            return (garage, (IReadOnlyList<ParkingSpace>)spaces);
        }, cancellationToken);
    }

    public async Task<GarageFile> ExportAsync(Caller caller, ulong garageId, CancellationToken cancellationToken)
    {
        caller.RequireOperator("export garages");
        await using var session = await store.BeginReadAsync(cancellationToken);
        var garage = await GarageService.RequireAsync(session, garageId, cancellationToken);
        var map = garage.Map ?? throw new ServiceError(ErrorCode.GarageHasNoMap, $"Garage '{garage.Name}' was created without a map; only an imported garage exports.");
        var spaces = (await session.Spaces.ListAsync(garage.Id, cancellationToken)).ToDictionary(space => space.SpaceId, StringComparer.Ordinal);
        var lockNames = new Dictionary<ulong, string>();
        foreach (var space in spaces.Values)
        {
            lockNames[space.DeviceId] = (await session.Devices.GetAsync(space.DeviceId, forUpdate: false, cancellationToken) ?? throw DeviceService.NotFound(space.DeviceId)).Name;
        }

        SpaceFile ToFile(ParkingSpace space, SpaceShape? shape) =>
            new(space.SpaceId, lockNames[space.DeviceId], shape?.Outline, shape?.Access, space.Rules == Defaults ? null : SpaceRulesDto.Of(space.Rules));

        var floors = garage.Floors.Select(floor =>
        {
            var plan = map.Floors.Single(p => p.Level == floor.Level);
            // The drawn spaces in the map's order, then those not drawn (added with `space create`) by label.
            var drawn = map.Spaces
                .Where(shape => spaces.TryGetValue(shape.SpaceId, out var space) && space.Level == floor.Level)
                .Select(shape => ToFile(spaces[shape.SpaceId], shape));
            var undrawn = spaces.Values
                .Where(space => space.Level == floor.Level && map.Spaces.All(shape => shape.SpaceId != space.SpaceId))
                .OrderBy(space => space.SpaceId, StringComparer.Ordinal)
                .Select(space => ToFile(space, null));
            return new FloorFile(floor.Level, floor.Name, plan.Width, plan.Height, plan.Entrances.Select(e => new EntranceFile(e.Name, e.Node)).ToList(), [.. drawn, .. undrawn]);
        }).ToList();

        return new GarageFile(
            GarageFile.CurrentFormat, garage.Name, garage.TimeZone, AddressDto.Of(garage.Address), floors,
            new AislesFile(map.Aisles.Nodes.Select(n => new NodeFile(n.Id, n.Level, n.X, n.Y)).ToList(), map.Aisles.Edges.Select(e => new EdgeFile(e.From, e.To)).ToList()));
    }

    private SpaceRules Defaults => options.Value.DefaultRules;
}
