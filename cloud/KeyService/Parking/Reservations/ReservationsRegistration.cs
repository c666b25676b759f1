namespace ShareKey.KeyService.Parking.Reservations;

public static class ReservationsRegistration
{
    /// <summary>The reservation service, a space's availability and the no-show watcher.</summary>
    public static IServiceCollection AddReservations(this IServiceCollection services)
    {
        services.AddSingleton<ReservationService>();
        services.AddSingleton<AvailabilityService>();
        services.AddHostedService<NoShowWatcher>();
        return services;
    }
}
