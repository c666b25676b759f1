using Microsoft.AspNetCore.Http.HttpResults;
using ShareKey.KeyService.Api;
using ShareKey.KeyService.Auth;
using ShareKey.KeyService.Keys;
using ShareKey.KeyService.Problems;

namespace ShareKey.KeyService.Parking.Reservations;

public static class ReservationApi
{
    /// <summary>userId: whom for (operators; default the caller).</summary>
    public sealed record MakeReservationRequest([Id] string? SpaceId, DateTimeOffset? StartTime, DateTimeOffset? EndTime, [Id] string? UserId);

    public sealed record MadeReservation(ReservationDto Reservation, HeldKeyDto Key);

    public static RouteGroupBuilder MapReservations(this RouteGroupBuilder api)
    {
        var reservations = api.MapGroup("/reservations").WithTags("Reservations");

        reservations.MapPost("/", async Task<Created<MadeReservation>> (MakeReservationRequest request, ReservationService service, HttpContext http) =>
        {
            var caller = Caller.Of(http);
            var (reservation, key) = await service.MakeAsync(
                caller,
                request.UserId is null ? caller.UserId : Ids.Parse(request.UserId, "user"),
                Ids.Parse(request.SpaceId ?? throw Required("spaceId"), "space"),
                request.StartTime ?? throw Required("startTime"),
                request.EndTime ?? throw Required("endTime"),
                http.RequestAborted);
            var holderSees = key.Key.HolderId == caller.UserId;
            return TypedResults.Created($"/v1/reservations/{Ids.Format(reservation.Id)}", new MadeReservation(ReservationDto.Of(reservation), HeldKeyDto.Of(key.Key, holderSees ? key.Minted : null)));
        })
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .WithSummary("Reserve a space for a window (APDS AssignedRight with one PlannedUse) within the space's rules; the renter's key for its lock comes with it. "
                + "An overlapping reservation is refused with 409 space-taken and the window that holds the space (member taken).");

        reservations.MapGet("/", async ([Id] string? spaceId, [Id] string? userId, [OneOf(typeof(ReservationState))] string? state, [Id] string? after, int? limit, ReservationService service, HttpContext http) =>
        {
            var size = PageSize.Of(limit);
            var page = await service.PageAsync(
                Caller.Of(http),
                spaceId is null ? null : Ids.Parse(spaceId, "space"),
                userId is null ? null : Ids.Parse(userId, "user"),
                EnumQuery.Parse<ReservationState>(state, "state"),
                after is null ? null : Ids.Parse(after, "reservation"),
                size,
                http.RequestAborted);
            return TypedResults.Ok(new ReservationPageDto([.. page.Select(ReservationDto.Of)], page.Count == size ? Ids.Format(page[^1].Id) : null));
        })
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary($"Reservations, soonest first, {PageSize.Default} a page unless limit says (at most {PageSize.Max}): of a space for its managers (spaceId); otherwise the caller's own. Operators see all. Pass nextAfter as after for the next page.");

        reservations.MapGet("/{id}", async ([Id] string id, ReservationService service, HttpContext http) =>
            TypedResults.Ok(ReservationDto.Of(await service.GetAsync(Caller.Of(http), Ids.Parse(id, "reservation"), http.RequestAborted))))
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .WithSummary("One reservation: for its renter, the space's managers and operators.");

        reservations.MapPost("/{id}/cancel", async ([Id] string id, ReservationService service, HttpContext http) =>
            TypedResults.Ok(ReservationDto.Of(await service.CancelAsync(Caller.Of(http), Ids.Parse(id, "reservation"), http.RequestAborted))))
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .WithSummary("Cancel a reservation, free within the space's hold period after booking (409 cancel-window-closed after it); its key is revoked.");
        return api;
    }

    private static ServiceError Required(string field) => new(ErrorCode.InvalidRequest, $"{field}: is required.", field);
}
