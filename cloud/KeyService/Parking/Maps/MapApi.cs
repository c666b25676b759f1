using Microsoft.AspNetCore.Http.HttpResults;
using ShareKey.KeyService.Api;
using ShareKey.KeyService.Auth;
using ShareKey.KeyService.Parking.Garages;
using ShareKey.KeyService.Parking.Spaces;

namespace ShareKey.KeyService.Parking.Maps;

public static class MapApi
{
    public sealed record ImportedGarage(GarageDto Garage, IReadOnlyList<SpaceDto> Spaces);

    public const string SvgType = "image/svg+xml";

    public static RouteGroupBuilder MapParkingMaps(this RouteGroupBuilder api)
    {
        var garages = api.MapGroup("/garages").WithTags("Maps");

        garages.MapPost("/import", async Task<Created<ImportedGarage>> (GarageFile file, GarageFileService service, HttpContext http) =>
        {
            var (garage, spaces) = await service.ImportAsync(Caller.Of(http), file, http.RequestAborted);
            return TypedResults.Created($"/v1/garages/{Ids.Format(garage.Id)}", new ImportedGarage(GarageDto.Of(garage), spaces.Select(s => SpaceDto.Of(s, [])).ToList()));
        }).WithSummary("Import a garage file (docs/garage-file.md): the garage, its map and its spaces in one go, all or nothing. Operators only.");

        garages.MapGet("/{id}/export", async ([Id] string id, GarageFileService service, HttpContext http) =>
            TypedResults.Ok(await service.ExportAsync(Caller.Of(http), Ids.Parse(id, "garage"), http.RequestAborted)))
            .WithSummary("The garage as a garage file, as it was imported (lock names as they are now). Operators only.");

        api.MapGroup("/spaces").WithTags("Maps").MapGet("/{id}/map", async ([Id] string id, MapService service, HttpContext http) =>
            Results.Text(await service.SpaceMapAsync(Caller.Of(http), Ids.Parse(id, "space"), http.RequestAborted), SvgType))
            .Produces(StatusCodes.Status200OK, contentType: SvgType)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .WithSummary("The garage map (SVG) with this space marked and the shortest route from an entrance. For holders of a live key of its lock, its managers and operators.");
        return api;
    }
}
