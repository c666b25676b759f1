using Microsoft.AspNetCore.Http.HttpResults;
using ShareKey.KeyService.Api;
using ShareKey.KeyService.Auth;
using ShareKey.KeyService.Parking.Maps;

namespace ShareKey.KeyService.Parking.Occupancy;

public static class OccupancyApi
{
    public static RouteGroupBuilder MapOccupancy(this RouteGroupBuilder api)
    {
        var spaces = api.MapGroup("/spaces").WithTags("Occupancy");
        var garages = api.MapGroup("/garages").WithTags("Occupancy");

        spaces.MapGet("/{id}/occupancy", async ([Id] string id, int? limit, OccupancyService service, HttpContext http) =>
            TypedResults.Ok(SpaceOccupancyDto.Of(await service.SpaceAsync(Caller.Of(http), Ids.Parse(id, "space"), limit ?? 50, http.RequestAborted), withHistory: true)))
            .WithSummary("A space's occupancy now (unknown when its lock has been silent past Parking:OccupancyStaleAfter) and its reports, newest first (limit 1–500, default 50). Its managers and operators.");

        spaces.MapPost("/{id}/report", async Task<Accepted<ReportRequestedDto>> ([Id] string id, OccupancyService service, HttpContext http) =>
        {
            var sent = await service.RequestReportAsync(Caller.Of(http), Ids.Parse(id, "space"), http.RequestAborted);
            return TypedResults.Accepted($"/v1/spaces/{id}/occupancy", new ReportRequestedDto(id, Ids.Format(sent.DeviceId), sent.MessageId));
        }).WithSummary("Ask the space's lock to report now (a ReportRequest through the outbox); the answer arrives as occupancy reports. Its managers and operators.");

        garages.MapGet("/{id}/occupancy", async ([Id] string id, OccupancyService service, HttpContext http) =>
        {
            var (garage, at, occupancy) = await service.GarageAsync(Caller.Of(http), Ids.Parse(id, "garage"), http.RequestAborted);
            return TypedResults.Ok(new GarageOccupancyDto(
                Ids.Format(garage.Id), garage.Name, at,
                occupancy.Count(s => s.State == OccupancyState.Occupied), occupancy.Count(s => s.State == OccupancyState.Free), occupancy.Count(s => s.State == OccupancyState.Unknown),
                occupancy.Select(s => SpaceOccupancyDto.Of(s, withHistory: false)).ToList()));
        }).WithSummary("The garage's spaces occupied, free or unknown now, with counts: every space for an operator, the spaces they manage for a manager.");

        garages.MapGet("/{id}/occupancy/map", async ([Id] string id, OccupancyService service, HttpContext http) =>
            Results.Text(await service.GarageMapAsync(Caller.Of(http), Ids.Parse(id, "garage"), http.RequestAborted), MapApi.SvgType))
            .Produces(StatusCodes.Status200OK, contentType: MapApi.SvgType)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .WithSummary("The garage map (SVG) with the spaces the caller manages coloured occupied (red), free (green) or unknown (grey).");
        return api;
    }
}
