namespace ShareKey.KeyService.Parking.Reservations;

public static class ReservationsRegistration
{
    /// <summary>The reservation service and the no-show watcher.</summary>
    public static IServiceCollection AddReservations(this IServiceCollection services)
    {
        services.AddSingleton<ReservationService>();
        services.AddHostedService<NoShowWatcher>();
        return services;
    }
}
