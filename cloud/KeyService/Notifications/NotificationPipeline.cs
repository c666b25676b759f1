using Microsoft.Extensions.Options;
using ShareKey.KeyService.Storage;

namespace ShareKey.KeyService.Notifications;

/// <summary>
/// The one pipeline: follows the audit log and the stored device events, and turns each new record
/// into notifications for the people <see cref="NotificationRules"/> name — plus a webhook delivery
/// for each of their endpoints that wants it — in the same transaction that marks the records read.
/// So a record is told exactly once, and a crash either keeps all of a batch or none of it; a batch
/// the database undid for colliding with another session runs again (<see cref="TransactionRunner"/>).
/// Features only write their audit entry (they do anyway); devices only report their events.
/// </summary>
public sealed class NotificationPipeline(
    TransactionRunner transactions,
    NotificationSignal signal,
    IOptions<NotificationOptions> options,
    TimeProvider time,
    ILogger<NotificationPipeline> logger) : BackgroundService
{
    public const int BatchSize = 256;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            int read;
            try
            {
                read = await RunOnceAsync(stoppingToken);
            }
            catch (Exception failure) when (failure is not OperationCanceledException)
            {
                logger.LogError(failure, "The notification pipeline failed; retrying in a second");
                await Task.Delay(TimeSpan.FromSeconds(1), time, stoppingToken);
                continue;
            }

            if (read < BatchSize)
            {
                await Task.Delay(options.Value.PollInterval, time, stoppingToken);
            }
        }
    }

    /// <summary>Derives from one batch of pending records; returns how many records it read.</summary>
    public async Task<int> RunOnceAsync(CancellationToken cancellationToken)
    {
        var (read, created) = await transactions.RunAsync("Deriving notifications", async session =>
        {
            await session.NotificationSources.LockPipelineAsync(cancellationToken);
            var entries = await session.NotificationSources.PendingAuditAsync(BatchSize, cancellationToken);
            var events = await session.NotificationSources.PendingEventsAsync(BatchSize, cancellationToken);
            if (entries.Count == 0 && events.Count == 0)
            {
                return (Read: 0, Created: 0);
            }

            var created = 0;
            var endpoints = new EndpointCache(session);
            foreach (var entry in entries)
            {
                foreach (var derived in await NotificationRules.FromAuditAsync(session, entry, cancellationToken))
                {
                    // One action may tell one person of several of their keys (a revoked subtree).
                    var source = derived.KeyId is { } key ? $"audit:{entry.Id}/key:{key:x16}" : $"audit:{entry.Id}";
                    created += await WriteAsync(session, endpoints, source, derived, cancellationToken);
                }
            }

            foreach (var e in events)
            {
                foreach (var derived in await NotificationRules.FromEventAsync(session, e, cancellationToken))
                {
                    created += await WriteAsync(session, endpoints, $"event:{e.Id}", derived, cancellationToken);
                }
            }

            await session.NotificationSources.MarkReadAsync(entries.Select(entry => entry.Id).ToList(), events.Select(e => e.Id).ToList(), cancellationToken);
            return (Read: Math.Max(entries.Count, events.Count), Created: created);
        }, cancellationToken);

        if (created > 0)
        {
            signal.Notify();
        }

        return read;
    }

    private async Task<int> WriteAsync(IStoreSession session, EndpointCache endpoints, string source, DerivedNotification derived, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var webhooks = options.Value.Webhooks;
        var data = derived.Data.ToJsonString();
        var written = 0;
        foreach (var recipient in derived.Recipients.Distinct())
        {
            var id = await session.Notifications.InsertAsync(
                new Notification(0, recipient, derived.Type, derived.OccurredAt, now, derived.DeviceId, derived.KeyId, source, data), cancellationToken);
            if (id is not { } notificationId)
            {
                continue;
            }

            written++;
            foreach (var endpoint in await endpoints.OfAsync(recipient, cancellationToken))
            {
                if (endpoint.Wants(derived.Type))
                {
                    await session.Webhooks.InsertDeliveryAsync(
                        new WebhookDelivery(0, endpoint.Id, notificationId, DeliveryState.Pending, 0, now, now + webhooks.GiveUpAfter, now, null, null, null, null),
                        cancellationToken);
                }
            }
        }

        return written;
    }

    /// <summary>
    /// A batch often tells the same people many things: their endpoints are read once per batch, and
    /// locked (endpoint before deliveries, as removal takes them), so none is removed before the
    /// batch's deliveries to it are committed and none gets a delivery after its removal cancelled
    /// what was pending.
    /// </summary>
    private sealed class EndpointCache(IStoreSession session)
    {
        private readonly Dictionary<ulong, IReadOnlyList<WebhookEndpoint>> _byUser = [];

        public async Task<IReadOnlyList<WebhookEndpoint>> OfAsync(ulong userId, CancellationToken cancellationToken)
        {
            if (!_byUser.TryGetValue(userId, out var endpoints))
            {
                endpoints = await session.Webhooks.LockActiveEndpointsAsync(userId, cancellationToken);
                _byUser[userId] = endpoints;
            }

            return endpoints;
        }
    }
}
