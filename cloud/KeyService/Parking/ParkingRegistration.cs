using Microsoft.Extensions.Options;
using ShareKey.KeyService.Parking.Garages;
using ShareKey.KeyService.Parking.Maps;
using ShareKey.KeyService.Parking.Occupancy;
using ShareKey.KeyService.Parking.Reservations;
using ShareKey.KeyService.Parking.Spaces;

namespace ShareKey.KeyService.Parking;

/// <summary>Parking in two calls: garages, spaces, maps, occupancy and reservations, and their routes under /v1.</summary>
public static class ParkingRegistration
{
    public static IServiceCollection AddParking(this IServiceCollection services, ParkingOptions parking, ReservationOptions reservations)
    {
        services.AddSingleton(Options.Create(parking));
        services.AddSingleton(Options.Create(reservations));
        services.AddSingleton<GarageService>();
        services.AddSingleton<SpaceService>();
        services.AddSingleton<GarageFileService>();
        services.AddSingleton<MapService>();
        services.AddSingleton<OccupancyRecorder>();
        services.AddSingleton<OccupancyService>();
        services.AddSingleton<ReservationService>();
        services.AddSingleton<AvailabilityService>();
        services.AddHostedService<NoShowWatcher>();
        return services;
    }

    public static RouteGroupBuilder MapParking(this RouteGroupBuilder api) => api
        .MapGarages()
        .MapSpaces()
        .MapParkingMaps()
        .MapReservations()
        .MapAvailability()
        .MapOccupancy();
}
