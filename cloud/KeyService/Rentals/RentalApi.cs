using Microsoft.AspNetCore.Http.HttpResults;
using ShareKey.KeyService.Api;
using ShareKey.KeyService.Auth;
using ShareKey.KeyService.Keys;
using ShareKey.KeyService.Problems;
using ShareKey.KeyService.Rotation;

namespace ShareKey.KeyService.Rentals;

public static class RentalApi
{
    public sealed record StartRentalRequest([Id] string? UserId, [Vin] string? Vin, DateTimeOffset? StartsAt, DateTimeOffset? EndsAt);

    public sealed record StartedRental(RentalDto Rental, HeldKeyDto Key);

    public sealed record ReturnedRental(RentalDto Rental, RotationDto Rotation);

    public sealed record ListingRequest([Vin] string? Vin, bool? Rentable);

    public sealed record Listing(string Vin, string DeviceId, bool Rentable);

    public static RouteGroupBuilder MapRentals(this RouteGroupBuilder api)
    {
        var rentals = api.MapGroup("/rentals").WithTags("Rentals");

        rentals.MapPost("/listings", async (ListingRequest request, RentalService service, HttpContext http) =>
        {
            var vin = request.Vin?.ToUpperInvariant() ?? throw new ServiceError(ErrorCode.InvalidRequest, "vin is required.");
            var device = await service.ListForRentAsync(Caller.Of(http), vin, request.Rentable ?? true, http.RequestAborted);
            return TypedResults.Ok(new Listing(vin, Ids.Format(device.Id), device.Rentable));
        }).WithSummary("List a vehicle for rent (fleet), or take it off the list (rentable: false). Operators only; a privately owned vehicle is never listed.");

        rentals.MapPost("/", async Task<Created<StartedRental>> (StartRentalRequest request, RentalService service, HttpContext http) =>
        {
            var caller = Caller.Of(http);
            var (rental, key) = await service.StartAsync(
                caller,
                request.UserId is null ? caller.UserId : Ids.Parse(request.UserId, "user"),
                request.Vin ?? throw new ServiceError(ErrorCode.InvalidRequest, "vin is required."),
                request.StartsAt,
                request.EndsAt ?? throw new ServiceError(ErrorCode.InvalidRequest, "endsAt is required."),
                http.RequestAborted);
            return TypedResults.Created($"/v1/rentals/{rental.Id}", new StartedRental(RentalDto.Of(rental), HeldKeyDto.Of(key.Key, key.Key.HolderId == caller.UserId ? key.Minted : null)));
        }).WithSummary("Start a rental: issues the renter's key for its period.");

        rentals.MapGet("/", async ([Id] string? userId, [OneOf(typeof(RentalState))] string? state, long? before, int? limit, RentalService service, HttpContext http) =>
        {
            var size = PageSize.Of(limit);
            var page = await service.PageAsync(Caller.Of(http), userId is null ? null : Ids.Parse(userId, "user"), EnumQuery.Parse<RentalState>(state, "state"), before, size, http.RequestAborted);
            return TypedResults.Ok(new RentalPageDto([.. page.Select(RentalDto.Of)], page.Count == size ? page[^1].Id : null));
        }).WithSummary($"Rentals, newest first by start, {PageSize.Default} a page unless limit says (at most {PageSize.Max}): a user's own; an operator's filter of all. Pass nextBefore as before for the next page.");

        rentals.MapPost("/{id:long}/return", async (long id, RentalService service, HttpContext http) =>
        {
            var (rental, rotation) = await service.ReturnAsync(Caller.Of(http), id, http.RequestAborted);
            return TypedResults.Ok(new ReturnedRental(RentalDto.Of(rental), RotationDto.Of(rotation)));
        }).WithSummary("Return the car: the renter's key is revoked and the car's key rotates (R0).");
        return api;
    }
}
