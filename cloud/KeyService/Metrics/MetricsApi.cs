using Prometheus;
using ShareKey.KeyService.Auth;
using ShareKey.KeyService.Storage;
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
        return services;
    }

    /// <summary>The store every feature uses, timed per session for /metrics, which also counts the sessions run again after a collision.</summary>
    public static IServiceCollection AddMeasuredStore(this IServiceCollection services, IKeyStore store) => services
        .AddSingleton<IKeyStore>(provider => new TimedKeyStore(store, provider.GetRequiredService<StoreMetrics>()))
        .AddSingleton<IStoreRetryObserver>(provider => provider.GetRequiredService<StoreMetrics>());

    /// <summary>
    /// A feature's metrics that register a scrape-time callback when built (they read the store or
    /// the broker at each scrape), so <see cref="MapServiceMetrics"/> builds them before the first scrape.
    /// </summary>
    public static IServiceCollection AddScrapedMetrics<T>(this IServiceCollection services)
        where T : class
    {
        services.AddSingleton<T>();
        return services.AddSingleton(provider => new ScrapedMetrics(provider.GetRequiredService<T>()));
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
        _ = app.Services.GetServices<ScrapedMetrics>().ToList();
        app.MapGroup(string.Empty)
            .AddEndpointFilter(app.Services.GetRequiredService<ApiTokenFilter>())
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

/// <summary>One feature's scrape-time metrics, as built (see <see cref="MetricsApi.AddScrapedMetrics{T}"/>).</summary>
public sealed record ScrapedMetrics(object Collector);
