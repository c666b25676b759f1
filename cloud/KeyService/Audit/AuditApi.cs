using ShareKey.KeyService.Api;
using ShareKey.KeyService.Auth;
using ShareKey.KeyService.Storage;

namespace ShareKey.KeyService.Audit;

public static class AuditApi
{
    public static RouteGroupBuilder MapAudit(this RouteGroupBuilder api)
    {
        api.MapGroup("/audit").WithTags("Audit").MapGet("/", async ([Text(200)] string? actor, [Text(200)] string? action, [Text(200)] string? target, DateTimeOffset? since, int? limit, IKeyStore store, HttpContext http) =>
        {
            var caller = Caller.Of(http);
            caller.RequireOperator("read the audit log");
            await using var session = await store.BeginReadAsync(http.RequestAborted);
            var entries = await session.Audit.QueryAsync(new AuditQuery(actor, action, target, since, Math.Clamp(limit ?? 100, 1, 10_000)), http.RequestAborted);
            return TypedResults.Ok(entries.Select(AuditDto.Of).ToList());
        }).WithSummary("Who did what, when, with what result; newest first. Operators only.");
        return api;
    }
}
