using ShareKey.KeyService.Api;
using ShareKey.KeyService.Auth;
using ShareKey.KeyService.Devices;
using ShareKey.Protocol.Buffers;

namespace ShareKey.KeyService.Vehicles;

public static class VehicleApi
{
    public sealed record VehicleDto(string Vin, BindingDto? Active, DeviceDto? Device, IReadOnlyList<BindingDto> History, IReadOnlyList<ContestDto> Contests)
    {
        public static VehicleDto Of(VehicleDetails details) => new(
            details.Vin,
            details.Active is null ? null : BindingDto.Of(details.Active),
            details.Device is null ? null : DeviceDto.Of(details.Device),
            details.History.Select(BindingDto.Of).ToList(),
            details.Contests.Select(ContestDto.Of).ToList());
    }

    /// <summary>An unresolved claim on the VIN by another T-BOX (see <see cref="BindingContest"/>).</summary>
    public sealed record ContestDto(string DeviceId, string Imsi, DateTimeOffset ClaimedAt)
    {
        public static ContestDto Of(BindingContest contest) => new(Hex.OfId(contest.DeviceId), contest.Imsi, contest.ClaimedAt);
    }

    public static RouteGroupBuilder MapVehicles(this RouteGroupBuilder api)
    {
        var vehicles = api.MapGroup("/vehicles").WithTags("Vehicles");
        vehicles.MapGet("/{vin}", async ([Vin] string vin, BindingService service, HttpContext http) =>
            TypedResults.Ok(VehicleDto.Of(await service.ShowAsync(Caller.Of(http), vin, http.RequestAborted))))
            .WithSummary("A VIN's T-BOX binding, its history and any contested claims (R4).");

        vehicles.MapPost("/{vin}/resolve/{id}", async ([Vin] string vin, [Id] string id, BindingService service, HttpContext http) =>
            TypedResults.Ok(VehicleDto.Of(await service.ResolveAsync(Caller.Of(http), vin, Ids.Parse(id, "device"), http.RequestAborted))))
            .WithSummary("Resolve a contested VIN: to its current T-BOX keeps the binding, to a claimant moves it. Operators only.");
        return api;
    }
}
