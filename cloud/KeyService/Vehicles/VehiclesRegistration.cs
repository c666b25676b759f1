using Microsoft.Extensions.Options;

namespace ShareKey.KeyService.Vehicles;

public static class VehiclesRegistration
{
    /// <summary>VIN bindings to T-BOXes and their contests (R4); the routes are <see cref="VehicleApi.MapVehicles"/>.</summary>
    public static IServiceCollection AddVehicles(this IServiceCollection services, VehicleOptions options) => services
        .AddSingleton(Options.Create(options))
        .AddSingleton<BindingService>();
}
