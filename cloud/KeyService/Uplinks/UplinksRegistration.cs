namespace ShareKey.KeyService.Uplinks;

public static class UplinksRegistration
{
    /// <summary>
    /// What devices send, applied in batches by the uplink processor, and the pruning of old
    /// duplicate-detection rows. The processor opens the service's device link when it starts and
    /// closes it when it stops.
    /// </summary>
    public static IServiceCollection AddUplinks(this IServiceCollection services)
    {
        services.AddSingleton<UplinkMetrics>();
        services.AddSingleton<RepairPacing>();
        services.AddSingleton<UplinkHandler>();
        services.AddHostedService<UplinkProcessor>();
        services.AddHostedService<UplinkPruner>();
        return services;
    }
}
