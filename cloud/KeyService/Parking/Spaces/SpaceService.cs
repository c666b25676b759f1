using Microsoft.Extensions.Options;
using ShareKey.KeyService.Api;
using ShareKey.KeyService.Audit;
using ShareKey.KeyService.Auth;
using ShareKey.KeyService.Devices;
using ShareKey.KeyService.Parking;
using ShareKey.KeyService.Parking.Garages;
using ShareKey.KeyService.Problems;
using ShareKey.KeyService.Storage;

namespace ShareKey.KeyService.Parking.Spaces;

/// <summary>
/// Spaces: an operator binds a parking lock to a labelled space on a garage's floor; the space's
/// managers (holders of the lock's owner keys) and operators change its rules; anyone signed in
/// may list spaces and their rules (a renter chooses one before reserving).
/// </summary>
public sealed class SpaceService(IKeyStore store, AuditLog audit, TimeProvider time, IOptions<ParkingOptions> options)
{
    public SpaceRules DefaultRules => options.Value.DefaultRules;

    public Task<ParkingSpace> CreateAsync(Caller caller, ulong garageId, string spaceId, int level, ulong deviceId, SpaceRules rules, CancellationToken cancellationToken)
    {
        caller.RequireOperator("create spaces");
        SpaceRulesCheck.Check(rules);
        return audit.RunAsync(caller.Actor, "space.create", GarageService.Target(garageId), async session =>
        {
            var garage = await GarageService.RequireAsync(session, garageId, cancellationToken);
            var space = new ParkingSpace(Ids.NewId(), garage.Id, spaceId, level, deviceId, rules, time.GetUtcNow());
            await InsertAsync(session, garage, space, cancellationToken);
            await audit.AppendAsync(session, caller.Actor, "space.create", Target(space.Id), $"garage={Ids.Format(garage.Id)} space={spaceId} level={level} lock={Ids.Format(deviceId)}", cancellationToken);
            return space;
        }, cancellationToken);
    }

    public async Task<IReadOnlyList<(ParkingSpace Space, IReadOnlyList<ulong> Managers)>> ListAsync(ulong? garageId, CancellationToken cancellationToken)
    {
        await using var session = await store.BeginReadAsync(cancellationToken);
        if (garageId is { } id)
        {
            await GarageService.RequireAsync(session, id, cancellationToken);
        }

        var listed = new List<(ParkingSpace, IReadOnlyList<ulong>)>();
        foreach (var space in await session.Spaces.ListAsync(garageId, cancellationToken))
        {
            listed.Add((space, await SpaceAuthority.ManagersAsync(session, space, cancellationToken)));
        }

        return listed;
    }

    public async Task<(ParkingSpace Space, IReadOnlyList<ulong> Managers)> GetAsync(ulong id, CancellationToken cancellationToken)
    {
        await using var session = await store.BeginReadAsync(cancellationToken);
        var space = await RequireAsync(session, id, cancellationToken);
        return (space, await SpaceAuthority.ManagersAsync(session, space, cancellationToken));
    }

    public Task<ParkingSpace> ChangeRulesAsync(Caller caller, ulong id, Func<SpaceRules, SpaceRules> change, CancellationToken cancellationToken) =>
        audit.RunAsync(caller.Actor, "space.rules", Target(id), async session =>
        {
            var space = await RequireAsync(session, id, cancellationToken);
            await SpaceAuthority.RequireManagerAsync(session, caller, space, "change a space's rules", cancellationToken);
            var rules = change(space.Rules);
            SpaceRulesCheck.Check(rules);
            await session.Spaces.UpdateRulesAsync(id, rules, cancellationToken);
            await audit.AppendAsync(session, caller.Actor, "space.rules", Target(id), Describe(rules), cancellationToken);
            return space with { Rules = rules };
        }, cancellationToken);

    /// <summary>Inserts a space after checking its floor and lock: a parking lock in service, bound to no other space.</summary>
    public static async Task InsertAsync(IStoreSession session, Garage garage, ParkingSpace space, CancellationToken cancellationToken)
    {
        if (garage.Floors.All(floor => floor.Level != space.Level))
        {
            throw new ServiceError(ErrorCode.InvalidRequest, $"level: garage '{garage.Name}' has no level {space.Level} (its levels: {string.Join(", ", garage.Floors.Select(f => f.Level))}).", "level");
        }

        var device = await DeviceService.ActiveDeviceAsync(session, space.DeviceId, cancellationToken);
        if (device.Kind != DeviceKind.ParkingLock)
        {
            throw new ServiceError(ErrorCode.DeviceWrongKind, $"Device {device.Name} ({Ids.Format(device.Id)}) is not a parking lock; a space is bound to one.");
        }

        if (await session.Spaces.ForDeviceAsync(device.Id, cancellationToken) is { } bound)
        {
            throw new ServiceError(ErrorCode.LockAlreadyBound, $"Lock {device.Name} is bound to space {bound.SpaceId} ({Ids.Format(bound.Id)}); one lock, one space.");
        }

        if ((await session.Spaces.ListAsync(garage.Id, cancellationToken)).FirstOrDefault(other => other.SpaceId == space.SpaceId) is { } taken)
        {
            throw new ServiceError(ErrorCode.SpaceLabelTaken, $"Garage '{garage.Name}' has a space {taken.SpaceId} ({Ids.Format(taken.Id)}).");
        }

        await session.Spaces.InsertAsync(space, cancellationToken);
    }

    public static async Task<ParkingSpace> RequireAsync(IStoreSession session, ulong id, CancellationToken cancellationToken) =>
        await session.Spaces.GetAsync(id, cancellationToken)
            ?? throw new ServiceError(ErrorCode.SpaceNotFound, $"No space {Ids.Format(id)}; `sharekey space list` shows them.");

    public static string Target(ulong id) => $"space:{Ids.Format(id)}";

    private static string Describe(SpaceRules r) =>
        $"max={r.MaxReservation.TotalMinutes:0}m horizon={r.BookingHorizon.TotalMinutes:0}m hold={r.CancelHold.TotalMinutes:0}m grace={r.Grace.TotalMinutes:0}m no-show={r.NoShow.TotalMinutes:0}m";
}
