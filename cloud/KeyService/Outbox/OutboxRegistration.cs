using Microsoft.Extensions.Options;
using ShareKey.KeyService.Metrics;

namespace ShareKey.KeyService.Outbox;

public static class OutboxRegistration
{
    /// <summary>Down messages queued in the caller's transaction and sent, resent and abandoned by the sender; <paramref name="options"/> set the attempts and ack timeout.</summary>
    public static IServiceCollection AddOutbox(this IServiceCollection services, RotationOptions options)
    {
        services.AddSingleton(Options.Create(options));
        services.AddSingleton<OutboxSignal>();
        services.AddSingleton<OutboxWriter>();
        services.AddScrapedMetrics<OutboxMetrics>();
        services.AddHostedService<OutboxSender>();
        return services;
    }
}
