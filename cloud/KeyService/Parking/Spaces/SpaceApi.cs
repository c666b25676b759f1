using Microsoft.AspNetCore.Http.HttpResults;
using ShareKey.KeyService.Api;
using ShareKey.KeyService.Auth;

namespace ShareKey.KeyService.Parking.Spaces;

public static class SpaceApi
{
    /// <summary>The label is APDS's spaceId: letters, digits and - _ . as printed on the floor.</summary>
    public sealed record CreateSpaceRequest([Id] string GarageId, [AsciiName(16)] string SpaceId, int Level, [Id] string LockId, SpaceRulesDto? Rules);

    public static RouteGroupBuilder MapSpaces(this RouteGroupBuilder api)
    {
        var spaces = api.MapGroup("/spaces").WithTags("Spaces");

        spaces.MapPost("/", async Task<Created<SpaceDto>> (CreateSpaceRequest request, SpaceService service, HttpContext http) =>
        {
            var rules = (request.Rules ?? new SpaceRulesDto(null, null, null, null, null)).Over(service.DefaultRules);
            var space = await service.CreateAsync(
                Caller.Of(http), Ids.Parse(request.GarageId, "garage"), SpaceLabels.Check(request.SpaceId), request.Level, Ids.Parse(request.LockId, "device"), rules, http.RequestAborted);
            var (created, managers) = await service.GetAsync(space.Id, http.RequestAborted);
            return TypedResults.Created($"/v1/spaces/{Ids.Format(space.Id)}", SpaceDto.Of(created, managers));
        }).WithSummary("Create a space (APDS Space) on a garage's floor, bound to one parking lock, with its rules (defaults for those left out). Operators only.");

        spaces.MapGet("/", async ([Id] string? garageId, SpaceService service, HttpContext http) =>
            TypedResults.Ok((await service.ListAsync(garageId is null ? null : Ids.Parse(garageId, "garage"), http.RequestAborted)).Select(s => SpaceDto.Of(s.Space, s.Managers)).ToList()))
            .WithSummary("Spaces with their rules and managers, of one garage or all. Anyone signed in.");

        spaces.MapGet("/{id}", async ([Id] string id, SpaceService service, HttpContext http) =>
        {
            var (space, managers) = await service.GetAsync(Ids.Parse(id, "space"), http.RequestAborted);
            return TypedResults.Ok(SpaceDto.Of(space, managers));
        }).WithSummary("One space. Anyone signed in.");

        spaces.MapPut("/{id}/rules", async ([Id] string id, SpaceRulesDto request, SpaceService service, HttpContext http) =>
        {
            var caller = Caller.Of(http);
            var changed = await service.ChangeRulesAsync(caller, Ids.Parse(id, "space"), request.Over, http.RequestAborted);
            return TypedResults.Ok(SpaceRulesDto.Of(changed.Rules));
        }).WithSummary("Change a space's rules (those left out keep their value). Its managers and operators only.");
        return api;
    }
}
