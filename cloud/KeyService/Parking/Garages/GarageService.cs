using ShareKey.KeyService.Api;
using ShareKey.KeyService.Audit;
using ShareKey.KeyService.Auth;
using ShareKey.KeyService.Problems;
using ShareKey.KeyService.Storage;

namespace ShareKey.KeyService.Parking.Garages;

/// <summary>Garages: operators create them; anyone signed in may look them up (a renter picks a garage before a space).</summary>
public sealed class GarageService(IKeyStore store, AuditLog audit, TimeProvider time)
{
    public Task<Garage> CreateAsync(Caller caller, string name, string timeZone, GarageAddress address, IReadOnlyList<GarageFloor> floors, CancellationToken cancellationToken)
    {
        caller.RequireOperator("create garages");
        GarageChecks.Check(timeZone, address, floors);
        return audit.RunAsync(caller.Actor, "garage.create", $"garage-name:{name}", async session =>
        {
            var garage = new Garage(Ids.NewId(), name, timeZone, address, floors, null, time.GetUtcNow());
            await InsertAsync(session, garage, cancellationToken);
            await audit.AppendAsync(session, caller.Actor, "garage.create", Target(garage.Id), $"name={name} floors={floors.Count}", cancellationToken);
            return garage;
        }, cancellationToken);
    }

    public async Task<IReadOnlyList<Garage>> ListAsync(CancellationToken cancellationToken)
    {
        await using var session = await store.BeginReadAsync(cancellationToken);
        return await session.Garages.ListAsync(cancellationToken);
    }

    public async Task<Garage> GetAsync(ulong id, CancellationToken cancellationToken)
    {
        await using var session = await store.BeginReadAsync(cancellationToken);
        return await RequireAsync(session, id, cancellationToken);
    }

    /// <summary>Inserts a checked garage; a name taken (in any letter case) is refused garage-exists.</summary>
    public static async Task InsertAsync(IStoreSession session, Garage garage, CancellationToken cancellationToken)
    {
        if (await session.Garages.FindByNameAsync(garage.Name, cancellationToken) is { } existing)
        {
            throw new ServiceError(ErrorCode.GarageExists, $"Garage {Ids.Format(existing.Id)} is called '{existing.Name}'; garage names are unique.");
        }

        await session.Garages.InsertAsync(garage, cancellationToken);
    }

    public static async Task<Garage> RequireAsync(IStoreSession session, ulong id, CancellationToken cancellationToken) =>
        await session.Garages.GetAsync(id, cancellationToken)
            ?? throw new ServiceError(ErrorCode.GarageNotFound, $"No garage {Ids.Format(id)}; `sharekey garage list` shows them.");

    public static string Target(ulong id) => $"garage:{Ids.Format(id)}";
}
