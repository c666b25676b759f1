using ShareKey.KeyService.Gateway;
using ShareKey.KeyService.Storage;

namespace ShareKey.KeyService.Hosting;

public static class HealthApi
{
    public sealed record Health(string Status, string Storage, int SchemaVersion, bool BrokerConnected);

    /// <summary>GET /health, unauthenticated: 200 when the store answers and the device link is up, else 503.</summary>
    public static void MapHealth(this WebApplication app) =>
        app.MapGet("/health", async (IKeyStore store, IDeviceLink link, CancellationToken cancellationToken) =>
        {
            int schema;
            try
            {
                schema = await store.SchemaVersionAsync(cancellationToken);
            }
            catch (Exception failure) when (failure is not OperationCanceledException)
            {
                schema = -1;
            }

            var healthy = schema > 0 && link.IsConnected;
            var health = new Health(healthy ? "ok" : "degraded", store.Kind, schema, link.IsConnected);
            return healthy ? Results.Ok(health) : Results.Json(health, statusCode: StatusCodes.Status503ServiceUnavailable);
        })
            .WithTags("Health")
            .WithSummary("200 when the store answers and the device link is up, else 503; no token needed.")
            .Produces<Health>()
            .Produces<Health>(StatusCodes.Status503ServiceUnavailable)
            .AllowAnonymous();
}
