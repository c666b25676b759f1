using Microsoft.AspNetCore.Http.HttpResults;
using ShareKey.KeyService.Api;
using ShareKey.KeyService.Auth;
using ShareKey.KeyService.Problems;

namespace ShareKey.KeyService.Notifications;

/// <summary>/v1/webhooks: a user's (or operator's) endpoints, and what could not be delivered to them.</summary>
public static class WebhookApi
{
    public static RouteGroupBuilder MapWebhooks(this RouteGroupBuilder api)
    {
        var webhooks = api.MapGroup("/webhooks").WithTags("Webhooks");

        webhooks.MapPost("/", async Task<Created<RegisteredWebhookDto>> (RegisterWebhookRequest request, WebhookService service, HttpContext http) =>
        {
            var (endpoint, secret) = await service.RegisterAsync(Caller.Of(http), request.Url, request.Types, http.RequestAborted);
            return TypedResults.Created($"/v1/webhooks/{Ids.Format(endpoint.Id)}", new RegisteredWebhookDto(WebhookDto.Of(endpoint), secret));
        })
            .WithName("registerWebhook")
            .WithSummary("Register an https:// endpoint for your notifications (types: those wanted; none = all). The answer holds the signing secret, shown only this once.")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status409Conflict);

        webhooks.MapGet("/", async Task<Ok<List<WebhookDto>>> ([Id] string? userId, WebhookService service, HttpContext http) =>
            TypedResults.Ok((await service.ListAsync(Caller.Of(http), userId is null ? null : Ids.Parse(userId, "user"), http.RequestAborted)).Select(WebhookDto.Of).ToList()))
            .WithName("listWebhooks")
            .WithSummary("Your webhook endpoints (an operator may ask for another user's with userId).")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden);

        webhooks.MapDelete("/{id}", async Task<Ok<WebhookDto>> ([Id] string id, WebhookService service, HttpContext http) =>
            TypedResults.Ok(WebhookDto.Of(await service.RemoveAsync(Caller.Of(http), Ids.Parse(id, "webhook"), http.RequestAborted))))
            .WithName("removeWebhook")
            .WithSummary("Remove an endpoint: nothing more is sent to it, and what was still pending is cancelled.")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);

        webhooks.MapGet("/{id}/deliveries", async Task<Ok<List<DeliveryDto>>> ([Id] string id, [OneOf(typeof(DeliveryState))] string? state, int? limit, WebhookService service, HttpContext http) =>
        {
            var size = limit ?? 100;
            if (size is < 1 or > WebhookService.MaxDeliveriesListed)
            {
                throw new ServiceError(ErrorCode.InvalidRequest, $"limit must be 1–{WebhookService.MaxDeliveriesListed}.");
            }

            var listed = await service.DeliveriesAsync(Caller.Of(http), Ids.Parse(id, "webhook"), EnumQuery.Parse<DeliveryState>(state, "state") ?? DeliveryState.Dead, size, http.RequestAborted);
            return TypedResults.Ok(listed.Select(pair => DeliveryDto.Of(pair.Delivery, pair.Notification)).ToList());
        })
            .WithName("listWebhookDeliveries")
            .WithSummary("An endpoint's deliveries in one state, newest first: dead (the default: the dead letters), pending, delivered or cancelled.")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);

        webhooks.MapPost("/{id}/replay", async Task<Ok<ReplayedDto>> ([Id] string id, ReplayRequest? request, WebhookService service, HttpContext http) =>
        {
            if (request?.DeliveryIds is { Count: > WebhookService.MaxDeliveriesListed })
            {
                throw new ServiceError(ErrorCode.InvalidRequest, $"deliveryIds names at most {WebhookService.MaxDeliveriesListed} deliveries.");
            }

            return TypedResults.Ok(new ReplayedDto(await service.ReplayAsync(Caller.Of(http), Ids.Parse(id, "webhook"), request?.DeliveryIds, http.RequestAborted)));
        })
            .WithName("replayWebhookDeliveries")
            .WithSummary("Send dead letters again (deliveryIds, or all of the endpoint's), with a fresh day of retries.")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        return api;
    }
}
