using ShareKey.KeyService.Keys;
using ShareKey.KeyService.Metrics;
using ShareKey.KeyService.Outbox;

namespace ShareKey.KeyService.Rotation;

public static class RotationRegistration
{
    /// <summary>The rotation state machine, the operators' view of it, its metrics, the re-driver of given-up rotations, giving a rotation up when the outbox abandons its Rotate, and a new epoch when a bulletin overflows.</summary>
    public static IServiceCollection AddRotation(this IServiceCollection services)
    {
        services.AddSingleton<RotationService>();
        services.AddSingleton<IAbandonedMessageHandler>(provider => provider.GetRequiredService<RotationService>());
        services.AddSingleton<IBulletinOverflowHandler>(provider => provider.GetRequiredService<RotationService>());
        services.AddSingleton<RotationOperations>();
        services.AddScrapedMetrics<RotationMetrics>();
        services.AddHostedService<RotationRedriver>();
        return services;
    }
}
