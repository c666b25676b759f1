using Microsoft.Extensions.Options;
using ShareKey.KeyService.Api;
using ShareKey.KeyService.Audit;
using ShareKey.KeyService.Auth;
using ShareKey.KeyService.Devices;
using ShareKey.KeyService.Keys;
using ShareKey.KeyService.Problems;
using ShareKey.KeyService.Rotation;
using ShareKey.KeyService.Storage;
using ShareKey.KeyService.Vehicles;
using ShareKey.Protocol.Identity;

namespace ShareKey.KeyService.Rentals;

/// <summary>
/// Car rentals: the start issues the renter's key for the period; the return revokes it, announces
/// that in a bulletin, and rotates the car's epoch (R0.1), all in one transaction. A rental follows
/// the policy (<see cref="RentalPolicyOptions"/>): only of a vehicle an operator listed as rentable
/// (a vehicle with an owner key is never listed), within the longest length and the booking
/// horizon, so many at once per user.
/// </summary>
public sealed class RentalService(IKeyStore store, KeyManager keys, BulletinIssuer bulletins, RotationService rotations, AuditLog audit, TimeProvider time, IOptions<RentalPolicyOptions> options)
{
    public Task<(Rental Rental, IssuedKey Key)> StartAsync(Caller caller, ulong userId, string vin, DateTimeOffset? startsAt, DateTimeOffset endsAt, CancellationToken cancellationToken)
    {
        caller.RequireSelfOrOperator(userId, "start rentals");
        return audit.RunAsync(caller.Actor, "rental.start", $"vin:{vin}", async session =>
        {
            var now = time.GetUtcNow();
            var starts = startsAt ?? now;
            CheckPeriod(starts, endsAt, now);

            if (Vin.Check(vin) is var problem && problem != IdentityProblem.None)
            {
                throw new ServiceError(ErrorCode.InvalidRequest, $"'{vin}' is not a valid VIN: {problem}.");
            }

            var binding = await session.Bindings.ActiveByVinAsync(vin, cancellationToken)
                ?? throw new ServiceError(ErrorCode.VehicleNotBound, $"VIN {vin} is not bound to any T-BOX; the T-BOX binds it at its first power-on in the car (R4).");
            // The car's row locked before its rentals are read: two starts at once would otherwise both
            // find it free and both rent it out (the lock order, Storage/Sql/DeviceLocks.cs).
            await session.Devices.GetAsync(binding.DeviceId, forUpdate: true, cancellationToken);
            await CheckVehicleAsync(session, binding.DeviceId, vin, cancellationToken);
            if (await session.Rentals.ActiveForDeviceAsync(binding.DeviceId, cancellationToken) is { } running)
            {
                throw new ServiceError(ErrorCode.VehicleInUse, $"VIN {vin} is in rental {running.Id} until {running.EndsAt:u}.");
            }

            var held = await session.Rentals.ActiveOfUserAsync(userId, cancellationToken);
            if (held.Count >= Policy.MaxActivePerUser)
            {
                throw new ServiceError(ErrorCode.RentalLimitReached, $"User {Ids.Format(userId)} has {held.Count} active rental(s) (rental {held[0].Id}); at most {Policy.MaxActivePerUser} at once — return one first.");
            }

            // The rental names the key it is about to get (foreign keys are checked at commit), as a
            // booking does: written once.
            var keyId = Ids.NewId();
            var rentalId = await session.Rentals.InsertAsync(new Rental(0, binding.DeviceId, userId, keyId, starts, endsAt, RentalState.Active, null, null), cancellationToken);
            var issued = await keys.IssueInSessionAsync(session, caller, new KeyRequest(KeyType.Renter, userId, vin, null, starts - KeyManager.ClockSkew, endsAt + Policy.KeyGrace, 0, rentalId, KeyId: keyId), cancellationToken);
            var rental = new Rental(rentalId, binding.DeviceId, userId, keyId, starts, endsAt, RentalState.Active, null, null);
            await audit.AppendAsync(session, caller.Actor, "rental.start", Target(rentalId), $"vin={vin} user={Ids.Format(userId)} key={keyId:x16} until={endsAt:u}", cancellationToken);
            return (rental, issued);
        }, cancellationToken);
    }

    /// <summary>
    /// The car is back (R0.1): the renter's keys for it are revoked (bulletin, so even a car that
    /// never gets the new epoch refuses them) and the epoch rotates with those keys in the Rotate's list.
    /// </summary>
    public Task<(Rental Rental, RotationRecord Rotation)> ReturnAsync(Caller caller, long rentalId, CancellationToken cancellationToken) =>
        audit.RunAsync(caller.Actor, "rental.return", Target(rentalId), async session =>
        {
            var rental = await UnderCarLockAsync(session, await session.Rentals.GetAsync(rentalId, cancellationToken)
                ?? throw new ServiceError(ErrorCode.RentalNotFound, $"No rental {rentalId}."), cancellationToken);
            caller.RequireSelfOrOperator(rental.UserId, "return rentals");
            if (rental.State != RentalState.Active)
            {
                throw new ServiceError(ErrorCode.RentalNotActive, $"Rental {rentalId} was returned at {rental.ReturnedAt:u}.");
            }

            return await ReturnInSessionAsync(session, caller, rental, cancellationToken);
        }, cancellationToken);

    /// <summary>
    /// The rental read again after its car's row is locked (the lock order, Storage/Sql/DeviceLocks.cs):
    /// a return or a renter's disable at the same moment has then either finished or not begun, so
    /// a rental is returned once — not twice, each with its own bulletin and a second rotation refused.
    /// </summary>
    internal static async Task<Rental> UnderCarLockAsync(IStoreSession session, Rental rental, CancellationToken cancellationToken)
    {
        await session.Devices.GetAsync(rental.DeviceId, forUpdate: true, cancellationToken);
        return await session.Rentals.GetAsync(rental.Id, cancellationToken) ?? rental;
    }

    /// <summary>Returns an active rental inside the caller's transaction (a return, or its renter disabled with their keys revoked).</summary>
    internal async Task<(Rental Rental, RotationRecord Rotation)> ReturnInSessionAsync(IStoreSession session, Caller caller, Rental rental, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var revoked = new List<ulong>();
        // The rental's key and any an operator issued for it since, among the car's few live keys: its earlier renters' keys are not read.
        var rentalKeys = (await session.Keys.LiveOfDeviceAsync(rental.DeviceId, cancellationToken)).Where(key => key.RentalId == rental.Id).Select(key => key.Id).ToList();
        var tree = await KeyTree.LoadForChangeAsync(session, rental.DeviceId, rentalKeys, cancellationToken);
        foreach (var key in rentalKeys.Select(tree.Get))
        {
            // Anything shared from the renter's key goes with it.
            revoked.AddRange(tree.Subtree(key).Where(member => KeyAuthority.IsLive(member.Key)).Select(member => member.Key.Id));
            SubtreeStanding.Revoke(tree, key, now);
        }

        await tree.SaveAsync(session, cancellationToken);

        var device = await DeviceService.ActiveDeviceAsync(session, rental.DeviceId, cancellationToken);
        (device, _) = await bulletins.IssueAsync(session, device, cancellationToken);
        var rotation = await rotations.StartAsync(session, device, RotationCause.Return, rental.Id, revoked, caller.Actor, cancellationToken);
        var returned = rental with { State = RentalState.Returned, ReturnedAt = now, RotationId = rotation.Id };
        await session.Rentals.UpdateAsync(returned, cancellationToken);
        await audit.AppendAsync(session, caller.Actor, "rental.return", Target(rental.Id), $"device={device.Id:x16} keys-revoked={revoked.Count} rotation={rotation.Id}", cancellationToken);
        return (returned, rotation);
    }

    /// <summary>
    /// A page of rentals, newest first: a user's own, an operator's filter of all. <paramref name="before"/> is the
    /// last rental of the page before; it must be one this list shows (whatever its state now).
    /// </summary>
    public async Task<IReadOnlyList<Rental>> PageAsync(Caller caller, ulong? userId, RentalState? state, long? before, int limit, CancellationToken cancellationToken)
    {
        if (!caller.IsOperator)
        {
            userId = caller.UserId;
        }

        await using var session = await store.BeginReadAsync(cancellationToken);
        Rental? cursor = null;
        if (before is { } beforeId)
        {
            cursor = await session.Rentals.GetAsync(beforeId, cancellationToken);
            if (cursor is null || cursor.UserId != (userId ?? cursor.UserId))
            {
                throw new ServiceError(ErrorCode.InvalidRequest, "before must be the nextBefore of an earlier page of the same list (the same userId).");
            }
        }

        return await session.Rentals.PageAsync(userId, state, cursor, limit, cancellationToken);
    }

    /// <summary>
    /// Lists a vehicle for rent, or takes it off the list (operators). A vehicle someone holds a
    /// live owner key of is privately owned and is never listed.
    /// </summary>
    public Task<Device> ListForRentAsync(Caller caller, string vin, bool rentable, CancellationToken cancellationToken)
    {
        caller.RequireOperator("list vehicles for rent");
        return audit.RunAsync(caller.Actor, "vehicle.rentable", $"vin:{vin}", async session =>
        {
            if (Vin.Check(vin) is var problem && problem != IdentityProblem.None)
            {
                throw new ServiceError(ErrorCode.InvalidRequest, $"'{vin}' is not a valid VIN: {problem}.");
            }

            var binding = await session.Bindings.ActiveByVinAsync(vin, cancellationToken)
                ?? throw new ServiceError(ErrorCode.VehicleNotBound, $"VIN {vin} is not bound to any T-BOX; the T-BOX binds it at its first power-on in the car (R4).");
            // The whole row is written back: read under its lock, or a bulletin, epoch or down-message id
            // committed meanwhile would be put back to what it was.
            await session.Devices.GetAsync(binding.DeviceId, forUpdate: true, cancellationToken);
            var device = await DeviceService.ActiveDeviceAsync(session, binding.DeviceId, cancellationToken);
            if (rentable)
            {
                await RequireNotOwnedAsync(session, device.Id, vin, cancellationToken);
            }

            var listed = device with { Rentable = rentable };
            await session.Devices.UpdateAsync(listed, cancellationToken);
            await audit.AppendAsync(session, caller.Actor, "vehicle.rentable", $"vin:{vin}", $"device={device.Id:x16} rentable={rentable}", cancellationToken);
            return listed;
        }, cancellationToken);
    }

    public static string Target(long rentalId) => $"rental:{rentalId}";

    private RentalPolicyOptions Policy => options.Value;

    /// <summary>Sane bounds: starting now or later (give or take clock skew), ending after that, no longer than the policy allows, within the booking horizon.</summary>
    private void CheckPeriod(DateTimeOffset starts, DateTimeOffset endsAt, DateTimeOffset now)
    {
        if (starts < now - KeyManager.ClockSkew)
        {
            throw new ServiceError(ErrorCode.InvalidRequest, $"A rental cannot start in the past ({starts:u}); leave startsAt out to start now.");
        }

        if (endsAt <= starts)
        {
            throw new ServiceError(ErrorCode.InvalidRequest, $"A rental must end after it starts ({starts:u}).");
        }

        if (starts > now + Policy.BookingHorizon)
        {
            throw new ServiceError(ErrorCode.RentalBeyondHorizon, $"A rental may start at most {Policy.BookingHorizon.TotalDays:0.##} days ahead, not at {starts:u}.");
        }

        if (endsAt - starts > Policy.MaxLength)
        {
            throw new ServiceError(ErrorCode.RentalTooLong, $"A rental may last at most {Policy.MaxLength.TotalHours:0.##} hours; {starts:u} to {endsAt:u} is longer.");
        }
    }

    private static async Task CheckVehicleAsync(IStoreSession session, ulong deviceId, string vin, CancellationToken cancellationToken)
    {
        var device = await DeviceService.ActiveDeviceAsync(session, deviceId, cancellationToken);
        if (!device.Rentable)
        {
            throw new ServiceError(ErrorCode.VehicleNotRentable, $"VIN {vin} is not listed for rent; an operator lists fleet vehicles (`sharekey rental listing {vin}`).");
        }
    }

    private static async Task RequireNotOwnedAsync(IStoreSession session, ulong deviceId, string vin, CancellationToken cancellationToken)
    {
        var owned = (await session.Keys.LiveOfDeviceAsync(deviceId, cancellationToken)).Any(key => key.Type == KeyType.Owner);
        if (owned)
        {
            throw new ServiceError(ErrorCode.VehiclePrivatelyOwned, $"VIN {vin} has an owner (a live owner key); a privately owned vehicle is never rented out.");
        }
    }
}
