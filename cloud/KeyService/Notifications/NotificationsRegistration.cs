namespace ShareKey.KeyService.Notifications;

/// <summary>The notifications feature in two calls: its services, and its routes under /v1.</summary>
public static class NotificationsRegistration
{
    public static IServiceCollection AddNotifications(this IServiceCollection services)
    {
        services.AddSingleton<NotificationSignal>();
        services.AddHostedService<NotificationPipeline>();
        services.AddHostedService<SilenceWatcher>();
        return services;
    }

    public static RouteGroupBuilder MapNotifications(this RouteGroupBuilder api) =>
        api.MapNotificationFeed();
}
