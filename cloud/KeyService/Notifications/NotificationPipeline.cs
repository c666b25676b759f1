using Microsoft.Extensions.Options;
using ShareKey.KeyService.Keys;
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

            var now = time.GetUtcNow();
            var told = new List<Notification>();
            // The keys the entries name, in one statement rather than one per entry (a key issued is one entry).
            var keys = (await session.Keys.GetManyAsync(NotificationRules.KeysToRead(entries), cancellationToken)).ToDictionary(key => key.Id);
            foreach (var entry in entries)
            {
                foreach (var derived in await NotificationRules.FromAuditAsync(session, entry, keys, cancellationToken))
                {
                    // One action may tell one person of several of their keys (a revoked subtree).
                    var source = derived.KeyId is { } key ? $"audit:{entry.Id}/key:{key:x16}" : $"audit:{entry.Id}";
                    told.AddRange(Told(source, derived, now));
                }
            }

            foreach (var e in events)
            {
                foreach (var derived in await NotificationRules.FromEventAsync(session, e, cancellationToken))
                {
                    told.AddRange(Told($"event:{e.Id}", derived, now));
                }
            }

            var created = await WriteAsync(session, told, now, cancellationToken);
            await session.NotificationSources.MarkReadAsync(entries.Select(entry => entry.Id).ToList(), events.Select(e => e.Id).ToList(), cancellationToken);
            return (Read: Math.Max(entries.Count, events.Count), Created: created);
        }, cancellationToken);

        if (created > 0)
        {
            signal.Notify();
        }

        return read;
    }

    /// <summary>One notification for each person <paramref name="derived"/> names.</summary>
    private static IEnumerable<Notification> Told(string source, DerivedNotification derived, DateTimeOffset now)
    {
        var data = derived.Data.ToJsonString();
        return derived.Recipients.Distinct().Select(recipient =>
            new Notification(0, recipient, derived.Type, derived.OccurredAt, now, derived.DeviceId, derived.KeyId, source, data));
    }

    /// <summary>
    /// Stores a batch's notifications together (one round trip on PostgreSQL), and for each one new, a webhook
    /// delivery to every endpoint of its recipient that wants it; returns how many were new.
    /// </summary>
    private async Task<int> WriteAsync(IStoreSession session, IReadOnlyList<Notification> told, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var webhooks = options.Value.Webhooks;
        var endpoints = new EndpointCache(session);
        var ids = await session.Notifications.InsertAsync(told, cancellationToken);
        var written = 0;
        for (var i = 0; i < told.Count; i++)
        {
            if (ids[i] is not { } notificationId)
            {
                continue;
            }

            written++;
            foreach (var endpoint in await endpoints.OfAsync(told[i].UserId, cancellationToken))
            {
                if (endpoint.Wants(told[i].Type))
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
