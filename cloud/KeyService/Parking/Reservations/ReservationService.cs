using Microsoft.Extensions.Options;
using ShareKey.KeyService.Api;
using ShareKey.KeyService.Audit;
using ShareKey.KeyService.Auth;
using ShareKey.KeyService.Keys;
using ShareKey.KeyService.Parking.Occupancy;
using ShareKey.KeyService.Parking.Spaces;
using ShareKey.KeyService.Problems;
using ShareKey.KeyService.Storage;

namespace ShareKey.KeyService.Parking.Reservations;

/// <summary>
/// Reservations of parking spaces (R2.11). Booking holds the space for the window — the first to
/// book wins, decided by the store (<see cref="IReservationTable.InsertUnlessTakenAsync"/>) — and,
/// in the same transaction, issues the renter's key for the space's lock through the key manager
/// (R2.2–R2.4): valid for the window plus the space's grace before and after, with
/// <see cref="ReservationOptions.KeyMaxUses"/> uses, both enforced by the lock offline. A cancel
/// within the hold period after booking, or a release for a no-show, revokes that key (and what was
/// shared from it) and announces it to the lock in a bulletin.
/// </summary>
public sealed class ReservationService(IKeyStore store, TransactionRunner transactions, KeyManager keys, AuditLog audit, TimeProvider time, IOptions<ReservationOptions> options)
{
    public Task<(Reservation Reservation, IssuedKey Key)> MakeAsync(Caller caller, ulong userId, ulong spaceId, DateTimeOffset startsAt, DateTimeOffset endsAt, CancellationToken cancellationToken)
    {
        caller.RequireSelfOrOperator(userId, "reserve spaces");
        return audit.RunAsync(caller.Actor, "reservation.make", SpaceService.Target(spaceId), async session =>
        {
            // To the millisecond, as stored (the service's clock already is): the answer shows what a later read shows.
            (startsAt, endsAt) = (MillisecondClock.Cut(startsAt), MillisecondClock.Cut(endsAt));
            var now = time.GetUtcNow();
            var space = await SpaceService.RequireAsync(session, spaceId, cancellationToken);
            var rules = space.Rules;
            ReservationWindow.Check(rules, startsAt, endsAt, now);

            // The reservation names its key before the key is issued (foreign keys are checked at
            // commit), so it is written once. On PostgreSQL an update of it here could re-check the
            // exclusion constraint and wait on the overlapping bookings that wait on it: a deadlock.
            var reservation = new Reservation(
                Ids.NewId(), space.Id, space.DeviceId, userId, Ids.NewId(), startsAt, endsAt, now, now + rules.CancelHold, startsAt + rules.NoShow, ReservationState.Booked, null, null);
            if (await session.Reservations.InsertUnlessTakenAsync(reservation, cancellationToken) is { } holder)
            {
                throw SpaceTaken(space, holder, startsAt, endsAt);
            }

            var issued = await keys.IssueInSessionAsync(
                session,
                caller,
                new KeyRequest(KeyType.Renter, userId, null, space.DeviceId, startsAt - rules.Grace, endsAt + rules.Grace, options.Value.KeyMaxUses, ReservationId: reservation.Id, KeyId: reservation.KeyId),
                cancellationToken);
            await audit.AppendAsync(
                session, caller.Actor, "reservation.make", Target(reservation.Id),
                $"space={Ids.Format(space.Id)} user={Ids.Format(userId)} key={Ids.Format(issued.Key.Id)} from={startsAt:O} to={endsAt:O}",
                cancellationToken);
            return (reservation, issued);
        }, cancellationToken);
    }

    /// <summary>The renter, the space's manager and operators see a reservation; nobody else.</summary>
    public async Task<Reservation> GetAsync(Caller caller, ulong id, CancellationToken cancellationToken)
    {
        await using var session = await store.BeginReadAsync(cancellationToken);
        var reservation = await RequireAsync(session, id, forUpdate: false, cancellationToken);
        if (reservation.UserId != caller.UserId
            && !await SpaceAuthority.ManagesAsync(session, caller, await SpaceService.RequireAsync(session, reservation.SpaceId, cancellationToken), cancellationToken))
        {
            throw new ServiceError(ErrorCode.Forbidden, $"Reservation {Ids.Format(id)} is another renter's, of a space you do not manage.");
        }

        return reservation;
    }

    /// <summary>
    /// A page of reservations, soonest first: a space's for its managers (and operators); otherwise the caller's own.
    /// Only an operator lists another user's. <paramref name="after"/> is the last reservation of the page before.
    /// </summary>
    public async Task<IReadOnlyList<Reservation>> PageAsync(Caller caller, ulong? spaceId, ulong? userId, ReservationState? state, ulong? after, int limit, CancellationToken cancellationToken)
    {
        await using var session = await store.BeginReadAsync(cancellationToken);
        if (spaceId is { } id)
        {
            var space = await SpaceService.RequireAsync(session, id, cancellationToken);
            await SpaceAuthority.RequireManagerAsync(session, caller, space, "see the reservations of a space", cancellationToken);
        }
        else if (!caller.IsOperator)
        {
            caller.RequireSelfOrOperator(userId ?? caller.UserId, "list reservations");
            userId = caller.UserId;
        }

        Reservation? cursor = null;
        if (after is { } afterId)
        {
            // A reservation this list shows (whatever its state now), so a cursor tells nobody of one they could not list.
            cursor = await session.Reservations.GetAsync(afterId, forUpdate: false, cancellationToken);
            if (cursor is null || cursor.SpaceId != (spaceId ?? cursor.SpaceId) || cursor.UserId != (userId ?? cursor.UserId))
            {
                throw new ServiceError(ErrorCode.InvalidRequest, "after must be the nextAfter of an earlier page of the same list (the same spaceId and userId).");
            }
        }

        return await session.Reservations.PageAsync(spaceId, userId, state, cursor, limit, cancellationToken);
    }

    /// <summary>
    /// Free within the hold period after booking (the renter or an operator), refused after it with
    /// cancel-window-closed; the key is revoked and the lock told in a bulletin.
    /// </summary>
    public Task<Reservation> CancelAsync(Caller caller, ulong id, CancellationToken cancellationToken) =>
        audit.RunAsync(caller.Actor, "reservation.cancel", Target(id), async session =>
        {
            var reservation = await RequireAsync(session, id, forUpdate: true, cancellationToken);
            caller.RequireSelfOrOperator(reservation.UserId, "cancel reservations");
            RequireHolding(reservation);
            var now = time.GetUtcNow();
            if (now > reservation.CancelFreeUntil)
            {
                throw new ServiceError(
                    ErrorCode.CancelWindowClosed,
                    $"Reservation {Ids.Format(id)} could be cancelled free until {reservation.CancelFreeUntil:u} (the hold period after booking at {reservation.BookedAt:u}); it stands.");
            }

            var cancelled = await EndAsync(session, reservation, ReservationState.Cancelled, now, cancellationToken);
            await audit.AppendAsync(session, caller.Actor, "reservation.cancel", Target(id), $"spaceId={Ids.Format(reservation.SpaceId)} key={Ids.Format(reservation.KeyId)}", cancellationToken);
            return cancelled;
        }, cancellationToken);

    /// <summary>
    /// Settles the booked reservations whose no-show time has come, each in its own transaction: an
    /// arrival the lock reported marks it arrived; a lock that reported the space free throughout
    /// releases it (key revoked, renter told why); a lock not heard from since leaves it for later.
    /// Returns how many were due (at most <paramref name="limit"/>) and how many were released.
    /// </summary>
    public async Task<(int Due, int Released)> SettleNoShowsAsync(int limit, CancellationToken cancellationToken)
    {
        IReadOnlyList<Reservation> due;
        await using (var session = await store.BeginReadAsync(cancellationToken))
        {
            due = await session.Reservations.DueForArrivalAsync(time.GetUtcNow(), limit, cancellationToken);
        }

        var released = 0;
        foreach (var reservation in due)
        {
            released += await SettleAsync(reservation.Id, cancellationToken) ? 1 : 0;
        }

        return (due.Count, released);
    }

    public static string Target(ulong id) => $"reservation:{Ids.Format(id)}";

    /// <remarks>
    /// The reservation's row, then its lock's (revoking the key): the order a cancel takes them in.
    /// Another instance settling the same one at once, or any other collision, runs it again.
    /// </remarks>
    private Task<bool> SettleAsync(ulong id, CancellationToken cancellationToken) =>
        transactions.RunAsync($"Settling reservation {Ids.Format(id)}", async session =>
        {
            var reservation = await session.Reservations.GetAsync(id, forUpdate: true, cancellationToken);
            if (reservation?.State != ReservationState.Booked)
            {
                // Cancelled or settled by another instance meanwhile.
                return false;
            }

            var space = await SpaceService.RequireAsync(session, reservation.SpaceId, cancellationToken);
            var arrival = await SpaceArrival.CheckAsync(session, reservation.SpaceId, reservation.StartsAt - space.Rules.Grace, reservation.NoShowAt, cancellationToken);
            switch (arrival.Verdict)
            {
                case ArrivalVerdict.Arrived:
                    await session.Reservations.UpdateAsync(reservation with { State = ReservationState.Arrived, ArrivedAt = arrival.OccupiedAt }, ReservationState.Booked, cancellationToken);
                    return false;
                case ArrivalVerdict.NoShow:
                    await EndAsync(session, reservation, ReservationState.Released, time.GetUtcNow(), cancellationToken);
                    await audit.AppendAsync(
                        session, AuditLog.ServiceActor, "reservation.release", Target(id),
                        $"reason=no-show spaceId={Ids.Format(reservation.SpaceId)} key={Ids.Format(reservation.KeyId)} startTime={reservation.StartsAt:O} endTime={reservation.EndsAt:O} noShowAt={reservation.NoShowAt:O}",
                        cancellationToken);
                    return true;
                default:
                    return false;
            }
        }, cancellationToken);

    /// <summary>Ends the reservation and revokes its key and everything shared from it, announced to the lock.</summary>
    private async Task<Reservation> EndAsync(IStoreSession session, Reservation reservation, ReservationState state, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var tree = await KeyTree.LoadForChangeAsync(session, reservation.DeviceId, [reservation.KeyId], cancellationToken);
        var key = tree.Get(reservation.KeyId);
        if (SubtreeStanding.Revoke(tree, key, now) > 0)
        {
            await tree.SaveAsync(session, cancellationToken);
            await keys.AnnounceAsync(session, reservation.DeviceId, cancellationToken);
        }

        var ended = reservation with { State = state, EndedAt = now };
        if (!await session.Reservations.UpdateAsync(ended, reservation.State, cancellationToken))
        {
            throw new ServiceError(ErrorCode.Conflict, $"Reservation {Ids.Format(reservation.Id)} changed meanwhile; look at it again.");
        }

        return ended;
    }


    private static async Task<Reservation> RequireAsync(IStoreSession session, ulong id, bool forUpdate, CancellationToken cancellationToken) =>
        await session.Reservations.GetAsync(id, forUpdate, cancellationToken)
            ?? throw new ServiceError(ErrorCode.ReservationNotFound, $"No reservation {Ids.Format(id)}.");

    private static void RequireHolding(Reservation reservation)
    {
        if (reservation.State is ReservationState.Cancelled or ReservationState.Released)
        {
            throw new ServiceError(
                ErrorCode.ReservationNotActive,
                $"Reservation {Ids.Format(reservation.Id)} was {(reservation.State == ReservationState.Cancelled ? "cancelled" : "released as a no-show")} at {reservation.EndedAt:u}.");
        }
    }

    /// <summary>The first booking won: the refusal names its window (never its renter), also as a "taken" member.</summary>
    private static ServiceError SpaceTaken(ParkingSpace space, Reservation holder, DateTimeOffset startsAt, DateTimeOffset endsAt) => new(
        ErrorCode.SpaceTaken,
        $"Space {space.SpaceId} is reserved from {holder.StartsAt:u} to {holder.EndsAt:u}, which overlaps {startsAt:u} to {endsAt:u}; choose another window or space.",
        members: new Dictionary<string, object?> { ["taken"] = new PlannedWindow(holder.StartsAt, holder.EndsAt) });
}
