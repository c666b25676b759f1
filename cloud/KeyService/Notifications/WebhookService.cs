using System.Text;
using Microsoft.Extensions.Options;
using ShareKey.KeyService.Api;
using ShareKey.KeyService.Audit;
using ShareKey.KeyService.Auth;
using ShareKey.KeyService.Problems;
using ShareKey.KeyService.Secrets;
using ShareKey.KeyService.Storage;

namespace ShareKey.KeyService.Notifications;

/// <summary>
/// Webhook endpoints: register (the secret is shown once, stored sealed), list, remove, and the
/// owner's view and replay of what could not be delivered. Users manage their own endpoints;
/// operators any. Each change is audited like every other action.
/// </summary>
public sealed class WebhookService(IKeyStore store, SecretSealer sealer, AuditLog audit, IOptions<NotificationOptions> options, TimeProvider time)
{
    public const int MaxDeliveriesListed = 500;

    private WebhookOptions Settings => options.Value.Webhooks;

    public static string Target(ulong id) => $"webhook:{id:x16}";

    public Task<(WebhookEndpoint Endpoint, string Secret)> RegisterAsync(Caller caller, string? url, IReadOnlyList<string>? types, CancellationToken cancellationToken)
    {
        var uri = new WebhookAddressRule(Settings).Check(url);
        var wanted = ParseTypes(types);
        return audit.RunAsync(caller.Actor, "webhook.register", uri.GetLeftPart(UriPartial.Authority), async session =>
        {
            if (await session.Webhooks.CountActiveEndpointsAsync(caller.UserId, cancellationToken) >= Settings.MaxEndpointsPerUser)
            {
                throw new ServiceError(ErrorCode.TooManyWebhooks, $"You have {Settings.MaxEndpointsPerUser} webhook endpoints, the most allowed; remove one first.");
            }

            var id = Ids.NewId();
            var secret = WebhookSignature.NewSecret();
            var endpoint = new WebhookEndpoint(id, caller.UserId, uri.AbsoluteUri, wanted, sealer.Seal(Encoding.UTF8.GetBytes(secret), WebhookSender.SecretPurpose(id)), time.GetUtcNow(), null, DateTimeOffset.UnixEpoch);
            await session.Webhooks.InsertEndpointAsync(endpoint, cancellationToken);
            await audit.AppendAsync(session, caller.Actor, "webhook.register", Target(id), $"url={uri.GetLeftPart(UriPartial.Authority)} types={(wanted.Count == 0 ? "all" : string.Join(",", wanted.Select(t => t.Wire())))}", cancellationToken);
            return (endpoint, secret);
        }, cancellationToken);
    }

    /// <summary>The caller's endpoints (an operator may name another user's).</summary>
    public async Task<IReadOnlyList<WebhookEndpoint>> ListAsync(Caller caller, ulong? userId, CancellationToken cancellationToken)
    {
        caller.RequireSelfOrOperator(userId ?? caller.UserId, "list webhooks");
        await using var session = await store.BeginReadAsync(cancellationToken);
        return await session.Webhooks.ActiveEndpointsAsync(userId ?? caller.UserId, cancellationToken);
    }

    public Task<WebhookEndpoint> RemoveAsync(Caller caller, ulong id, CancellationToken cancellationToken) =>
        audit.RunAsync(caller.Actor, "webhook.remove", Target(id), async session =>
        {
            var endpoint = await OwnedAsync(session, caller, id, forUpdate: true, cancellationToken);
            var cancelled = await session.Webhooks.RemoveEndpointAsync(id, time.GetUtcNow(), cancellationToken);
            await audit.AppendAsync(session, caller.Actor, "webhook.remove", Target(id), $"pending-cancelled={cancelled}", cancellationToken);
            return endpoint with { RemovedAt = time.GetUtcNow() };
        }, cancellationToken);

    public async Task<IReadOnlyList<(WebhookDelivery Delivery, Notification Notification)>> DeliveriesAsync(Caller caller, ulong id, DeliveryState state, int limit, CancellationToken cancellationToken)
    {
        await using var session = await store.BeginReadAsync(cancellationToken);
        await OwnedAsync(session, caller, id, forUpdate: false, cancellationToken);
        var listed = new List<(WebhookDelivery, Notification)>();
        foreach (var delivery in await session.Webhooks.DeliveriesAsync(id, state, limit, cancellationToken))
        {
            listed.Add((delivery, await session.Notifications.GetAsync(delivery.NotificationId, cancellationToken)
                ?? throw new InvalidOperationException($"Delivery {delivery.Id} names notification {delivery.NotificationId}, which is not stored.")));
        }

        return listed;
    }

    /// <summary>Sends dead letters again (all of the endpoint's, or those named), with a fresh day of retries.</summary>
    public Task<int> ReplayAsync(Caller caller, ulong id, IReadOnlyList<long>? deliveryIds, CancellationToken cancellationToken) =>
        audit.RunAsync(caller.Actor, "webhook.replay", Target(id), async session =>
        {
            // The endpoint's row before its deliveries', as removal takes them: a removal at the same
            // moment has then either finished (refused here) or waits, and its cancel sees what was replayed.
            var endpoint = await OwnedAsync(session, caller, id, forUpdate: true, cancellationToken);
            if (endpoint.RemovedAt is not null)
            {
                throw new ServiceError(ErrorCode.Conflict, $"Webhook {id:x16} was removed at {endpoint.RemovedAt:u}; register the endpoint again.");
            }

            var now = time.GetUtcNow();
            var replayed = await session.Webhooks.ReplayAsync(id, deliveryIds, now, now + Settings.GiveUpAfter, cancellationToken);
            await audit.AppendAsync(session, caller.Actor, "webhook.replay", Target(id), $"replayed={replayed}", cancellationToken);
            return replayed;
        }, cancellationToken);

    private static async Task<WebhookEndpoint> OwnedAsync(IStoreSession session, Caller caller, ulong id, bool forUpdate, CancellationToken cancellationToken)
    {
        var endpoint = await session.Webhooks.GetEndpointAsync(id, forUpdate, cancellationToken) ?? throw NotFound(id);
        caller.RequireSelfOrOperator(endpoint.UserId, "manage webhooks");
        return endpoint;
    }

    private static ServiceError NotFound(ulong id) => new(ErrorCode.WebhookNotFound, $"No webhook {id:x16}.");

    private static List<NotificationType> ParseTypes(IReadOnlyList<string>? types)
    {
        if (types is null)
        {
            return [];
        }

        if (types.Count > NotificationTypes.AllWireNames.Count)
        {
            throw new ServiceError(ErrorCode.InvalidRequest, $"types lists at most the {NotificationTypes.AllWireNames.Count} notification types.");
        }

        var parsed = new List<NotificationType>();
        foreach (var wire in types)
        {
            if (!NotificationTypes.TryParse(wire ?? string.Empty, out var type))
            {
                throw new ServiceError(ErrorCode.InvalidRequest, $"'{(wire is { Length: <= 64 } ? wire : wire?[..64] + "…")}' is not a notification type; the types are: {string.Join(", ", NotificationTypes.AllWireNames.Order())}.");
            }

            if (!parsed.Contains(type))
            {
                parsed.Add(type);
            }
        }

        return parsed;
    }
}
