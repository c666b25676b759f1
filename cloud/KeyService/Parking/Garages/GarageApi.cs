using Microsoft.AspNetCore.Http.HttpResults;
using ShareKey.KeyService.Api;
using ShareKey.KeyService.Auth;
using ShareKey.KeyService.Problems;

namespace ShareKey.KeyService.Parking.Garages;

public static class GarageApi
{
    public static RouteGroupBuilder MapGarages(this RouteGroupBuilder api)
    {
        var garages = api.MapGroup("/garages").WithTags("Garages");

        garages.MapPost("/", async Task<Created<GarageDto>> (CreateGarageRequest request, GarageService service, HttpContext http) =>
        {
            var floors = (request.Floors ?? []).Select(f => new GarageFloor(f.Level, f.Name ?? throw new ServiceError(ErrorCode.InvalidRequest, "floors: every floor needs a name.", "floors"))).ToList();
            var garage = await service.CreateAsync(Caller.Of(http), request.Name, request.TimeZone, request.PlaceStreetAddress.ToAddress(), floors, http.RequestAborted);
            return TypedResults.Created($"/v1/garages/{Ids.Format(garage.Id)}", GarageDto.Of(garage));
        }).WithSummary("Create a garage (APDS Place): name, IANA time zone, street address, floors. Operators only; a garage file with its map comes in through /v1/garages/import.");

        garages.MapGet("/", async (GarageService service, HttpContext http) =>
            TypedResults.Ok((await service.ListAsync(http.RequestAborted)).Select(GarageDto.Of).ToList()))
            .WithSummary("Every garage, by name. Anyone signed in.");

        garages.MapGet("/{id}", async ([Id] string id, GarageService service, HttpContext http) =>
            TypedResults.Ok(GarageDto.Of(await service.GetAsync(Ids.Parse(id, "garage"), http.RequestAborted))))
            .WithSummary("One garage. Anyone signed in.");
        return api;
    }
}
