using ShareKey.KeyService.Outbox;

namespace ShareKey.KeyService.Uplinks;

public static class UplinksRegistration
{
    /// <summary>
    /// What devices send, applied in batches by the uplink processor, and the pruning of old
    /// duplicate-detection rows. The processor opens the service's device link when it starts and
    /// closes it when it stops; it tells the outbox how far behind it is (<see cref="IUplinkBacklog"/>).
    /// </summary>
    public static IServiceCollection AddUplinks(this IServiceCollection services)
    {
        services.AddSingleton<UplinkMetrics>();
        services.AddSingleton<RepairPacing>();
        services.AddSingleton<UplinkHandler>();
        services.AddSingleton<UplinkProcessor>();
        services.AddSingleton<IUplinkBacklog>(provider => provider.GetRequiredService<UplinkProcessor>());
        services.AddHostedService(provider => provider.GetRequiredService<UplinkProcessor>());
        services.AddHostedService<UplinkPruner>();
        return services;
    }
}
