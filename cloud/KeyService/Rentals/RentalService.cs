using ShareKey.KeyService.Audit;
using ShareKey.KeyService.Auth;
using ShareKey.KeyService.Devices;
using ShareKey.KeyService.Hosting;
using ShareKey.KeyService.Keys;
using ShareKey.KeyService.Problems;
using ShareKey.KeyService.Rotation;
using ShareKey.KeyService.Storage;
using ShareKey.Protocol.Identity;

namespace ShareKey.KeyService.Rentals;

/// <summary>
/// Car rentals: the start issues the renter's key for the period; the return revokes it, announces
/// that in a bulletin, and rotates the car's epoch (R0.1), all in one transaction.
/// </summary>
public sealed class RentalService(IKeyStore store, KeyManager keys, BulletinIssuer bulletins, RotationService rotations, AuditLog audit, TimeProvider time)
{
    public Task<(Rental Rental, IssuedKey Key)> StartAsync(Caller caller, ulong userId, string vin, DateTimeOffset? startsAt, DateTimeOffset endsAt, CancellationToken cancellationToken)
    {
        caller.RequireSelfOrOperator(userId, "start rentals");
        return audit.RunAsync(caller.Actor, "rental.start", $"vin:{vin}", async session =>
        {
            var starts = startsAt ?? time.GetUtcNow();
            if (endsAt <= starts)
            {
                throw new ServiceError(ErrorCode.InvalidRequest, $"A rental must end after it starts ({starts:u}).");
            }

            if (Vin.Check(vin) is var problem && problem != IdentityProblem.None)
            {
                throw new ServiceError(ErrorCode.InvalidRequest, $"'{vin}' is not a valid VIN: {problem}.");
            }

            var binding = await session.Bindings.ActiveByVinAsync(vin, cancellationToken)
                ?? throw new ServiceError(ErrorCode.VehicleNotBound, $"VIN {vin} is not bound to any T-BOX; the T-BOX binds it at its first power-on in the car (R4).");
            if (await session.Rentals.ActiveForDeviceAsync(binding.DeviceId, cancellationToken) is { } running)
            {
                throw new ServiceError(ErrorCode.VehicleInUse, $"VIN {vin} is in rental {running.Id} until {running.EndsAt:u}.");
            }

            var rentalId = await session.Rentals.InsertAsync(new Rental(0, binding.DeviceId, userId, 0, starts, endsAt, RentalState.Active, null, null), cancellationToken);
            var issued = await keys.IssueInSessionAsync(session, caller, new KeyRequest(KeyType.Renter, userId, vin, null, starts - KeyManager.ClockSkew, endsAt, 0, rentalId), cancellationToken);
            var rental = new Rental(rentalId, issued.Key.DeviceId, userId, issued.Key.Id, starts, endsAt, RentalState.Active, null, null);
            await session.Rentals.UpdateAsync(rental, cancellationToken);
            await audit.AppendAsync(session, caller.Actor, "rental.start", Target(rentalId), $"vin={vin} user={Ids.Format(userId)} key={issued.Key.Id:x16} until={endsAt:u}", cancellationToken);
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
            var rental = await session.Rentals.GetAsync(rentalId, cancellationToken)
                ?? throw new ServiceError(ErrorCode.RentalNotFound, $"No rental {rentalId}.");
            caller.RequireSelfOrOperator(rental.UserId, "return rentals");
            if (rental.State != RentalState.Active)
            {
                throw new ServiceError(ErrorCode.RentalNotActive, $"Rental {rentalId} was returned at {rental.ReturnedAt:u}.");
            }

            var now = time.GetUtcNow();
            var revoked = new List<ulong>();
            foreach (var key in await session.Keys.ListAsync(rental.DeviceId, rental.UserId, state: null, cancellationToken))
            {
                if (key.RentalId == rental.Id && key.State != KeyState.Revoked)
                {
                    await session.Keys.UpdateAsync(key with { State = KeyState.Revoked, UpdatedAt = now }, cancellationToken);
                    revoked.Add(key.Id);
                }
            }

            var device = await DeviceService.ActiveDeviceAsync(session, rental.DeviceId, cancellationToken);
            (device, _) = await bulletins.IssueAsync(session, device, cancellationToken);
            var rotation = await rotations.StartAsync(session, device, RotationCause.Return, rental.Id, revoked, caller.Actor, cancellationToken);
            var returned = rental with { State = RentalState.Returned, ReturnedAt = now, RotationId = rotation.Id };
            await session.Rentals.UpdateAsync(returned, cancellationToken);
            await audit.AppendAsync(session, caller.Actor, "rental.return", Target(rentalId), $"device={device.Id:x16} keys-revoked={revoked.Count} rotation={rotation.Id}", cancellationToken);
            return (returned, rotation);
        }, cancellationToken);

    public async Task<IReadOnlyList<Rental>> ListAsync(Caller caller, ulong? userId, RentalState? state, CancellationToken cancellationToken)
    {
        if (!caller.IsOperator)
        {
            userId = caller.UserId;
        }

        await using var session = await store.BeginAsync(cancellationToken);
        return await session.Rentals.ListAsync(userId, deviceId: null, state, cancellationToken);
    }

    public static string Target(long rentalId) => $"rental:{rentalId}";
}
