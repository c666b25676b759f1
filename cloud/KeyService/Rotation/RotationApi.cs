using ShareKey.KeyService.Api;
using ShareKey.KeyService.Auth;

namespace ShareKey.KeyService.Rotation;

public static class RotationApi
{
    public sealed record StartRotationRequest([Id(MaxItems = 10_000)] IReadOnlyList<string>? DeviceIds, bool? All);

    public sealed record RotationSummary(int Sending, int Confirmed, int GaveUp, int Failed);

    public static RouteGroupBuilder MapRotations(this RouteGroupBuilder api)
    {
        var rotations = api.MapGroup("/rotations").WithTags("Rotations");

        rotations.MapPost("/", async (StartRotationRequest request, RotationOperations operations, HttpContext http) =>
        {
            var ids = request.DeviceIds?.Select(id => Ids.Parse(id, "device")).ToList();
            var started = await operations.StartAsync(Caller.Of(http), ids, request.All ?? false, http.RequestAborted);
            return TypedResults.Ok(started.Select(RotationDto.Of).ToList());
        }).WithSummary("Rotate the epoch key of some devices, or of all. Operators only.");

        rotations.MapGet("/", async ([Id] string? deviceId, [OneOf(typeof(RotationState))] string? state, int? limit, RotationOperations operations, HttpContext http) =>
            TypedResults.Ok((await operations.ListAsync(Caller.Of(http), deviceId is null ? null : Ids.Parse(deviceId, "device"), EnumQuery.Parse<RotationState>(state, "state"), limit ?? 100, http.RequestAborted)).Select(RotationDto.Of).ToList()))
            .WithSummary("Rotations, newest first, by device and state. Operators only.");

        rotations.MapGet("/summary", async (RotationOperations operations, HttpContext http) =>
        {
            var counts = await operations.SummaryAsync(Caller.Of(http), http.RequestAborted);
            int Count(RotationState state) => counts.TryGetValue(state, out var n) ? n : 0;
            return TypedResults.Ok(new RotationSummary(Count(RotationState.Sending), Count(RotationState.Confirmed), Count(RotationState.GaveUp), Count(RotationState.Failed)));
        }).WithSummary("How many rotations are in each state (for `sharekey rotation watch`).");

        rotations.MapGet("/{id:long}", async (long id, RotationOperations operations, HttpContext http) =>
            TypedResults.Ok(RotationDto.Of(await operations.GetAsync(Caller.Of(http), id, http.RequestAborted))))
            .WithSummary("One rotation: its epochs, state, attempts and revoked keys. Operators only.");

        rotations.MapPost("/{id:long}/redrive", async (long id, RotationOperations operations, HttpContext http) =>
            TypedResults.Ok(RotationDto.Of(await operations.RedriveAsync(Caller.Of(http), id, http.RequestAborted))))
            .WithSummary("Send a given-up or failed rotation again now.");
        return api;
    }
}
