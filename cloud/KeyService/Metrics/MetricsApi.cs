using Prometheus;
using ShareKey.KeyService.Auth;
using ShareKey.KeyService.Users;

namespace ShareKey.KeyService.Metrics;

/// <summary>
/// GET /metrics in Prometheus text format, for operators only. The numbers tell fleet size and
/// activity, so they sit behind the same operator bearer token as the operator API (Prometheus
/// sends it with `authorization: { credentials_file: … }`) rather than on a second, unauthenticated
/// listener that every deployment would have to firewall.
/// </summary>
public static class MetricsApi
{
    public const string Path = "/metrics";

    /// <summary>The Prometheus text exposition format, version 0.0.4.</summary>
    public const string TextFormat = "text/plain; version=0.0.4; charset=utf-8";

    public static IServiceCollection AddServiceMetrics(this IServiceCollection services)
    {
        services.AddSingleton<MetricsRegistry>();
        services.AddSingleton<StoreMetrics>();
        services.AddSingleton<RotationMetrics>();
        services.AddSingleton<OutboxMetrics>();
        services.AddSingleton<UplinkMetrics>();
        services.AddSingleton<BrokerMetrics>();
        return services;
    }

    /// <summary>HTTP request latency by route; routing runs first so the route pattern, not the raw path, is the label.</summary>
    public static void UseRequestMetrics(this WebApplication app)
    {
        app.UseRouting();
        app.UseHttpMetrics(options => options.SetMetricFactory(app.Services.GetRequiredService<MetricsRegistry>().Factory));
    }

    public static void MapServiceMetrics(this WebApplication app)
    {
        // The scrape-time collectors register their callbacks when built; build them before the first scrape.
        app.Services.GetRequiredService<RotationMetrics>();
        app.Services.GetRequiredService<OutboxMetrics>();
        app.Services.GetRequiredService<BrokerMetrics>();
        app.MapGroup(string.Empty)
            .AddEndpointFilter<ApiTokenFilter>()
            .MapGet(Path, async (MetricsRegistry metrics, HttpContext http) =>
            {
                Caller.Of(http).RequireOperator("read the service's metrics");
                http.Response.ContentType = TextFormat;
                await metrics.Registry.CollectAndExportAsTextAsync(http.Response.Body, http.RequestAborted);
            })
            .WithTags("Metrics")
            .WithSummary("The service's metrics in Prometheus text format (rotations, acks, outbox, uplinks, store, broker, HTTP). Operators only.")
            .Produces<string>(StatusCodes.Status200OK, "text/plain");
    }
}
