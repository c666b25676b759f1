using ShareKey.KeyService.Api;

namespace ShareKey.KeyService.Parking.Reservations;

public static class AvailabilityApi
{
    public static RouteGroupBuilder MapAvailability(this RouteGroupBuilder api)
    {
        var spaces = api.MapGroup("/spaces").WithTags("Reservations");

        spaces.MapGet("/{id}/availability", async ([Id] string id, DateTimeOffset? from, DateTimeOffset? to, AvailabilityService service, HttpContext http) =>
            TypedResults.Ok(SpaceAvailabilityDto.Of(await service.SpaceAsync(Ids.Parse(id, "space"), from, to, http.RequestAborted))))
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("When a space is free to reserve, from `from` (default now) to `to` (default a day later; at most 31 days): its free windows and the windows reserved, times only — never whose. Anyone signed in.");
        return api;
    }
}

/// <summary>A space's availability: free windows within the span asked, the reserved windows (times only), and the latest start its booking horizon allows now.</summary>
public sealed record SpaceAvailabilityDto(string Id, string SpaceId, DateTimeOffset From, DateTimeOffset To, DateTimeOffset BookableUntil, IReadOnlyList<PlannedWindow> Free, IReadOnlyList<PlannedWindow> Taken)
{
    public static SpaceAvailabilityDto Of(SpaceAvailability a) =>
        new(Ids.Format(a.Space.Id), a.Space.SpaceId, a.From, a.To, a.BookableUntil, a.Free, a.Taken);
}
