using ShareKey.KeyService.Api;
using ShareKey.KeyService.Auth;

namespace ShareKey.KeyService.Vehicles;

public static class VehicleApi
{
    public sealed record VehicleDto(string Vin, BindingDto? Active, DeviceDto? Device, IReadOnlyList<BindingDto> History);

    public static RouteGroupBuilder MapVehicles(this RouteGroupBuilder api)
    {
        api.MapGroup("/vehicles").WithTags("Vehicles").MapGet("/{vin}", async ([Vin] string vin, BindingService service, HttpContext http) =>
        {
            var details = await service.ShowAsync(Caller.Of(http), vin, http.RequestAborted);
            return TypedResults.Ok(new VehicleDto(
                details.Vin,
                details.Active is null ? null : BindingDto.Of(details.Active),
                details.Device is null ? null : DeviceDto.Of(details.Device),
                details.History.Select(BindingDto.Of).ToList()));
        }).WithSummary("A VIN's T-BOX binding and its history (R4).");
        return api;
    }
}
