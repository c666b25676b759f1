using Prometheus;
using ShareKey.KeyService.Metrics;
using ShareKey.KeyService.Storage;

namespace ShareKey.KeyService.Outbox;

/// <summary>How many down messages wait for a send or an ack, and how long the oldest has waited; read from the store at each scrape.</summary>
public sealed class OutboxMetrics
{
    public OutboxMetrics(MetricsRegistry metrics, IKeyStore store, TimeProvider time)
    {
        var depth = metrics.Factory.CreateGauge("sharekey_outbox_pending", "Down messages not yet acked (unsent, or waiting for an ack or a resend).");
        var age = metrics.Factory.CreateGauge("sharekey_outbox_oldest_pending_age_seconds", "How long ago the oldest pending down message was queued; 0 when none is pending.");
        metrics.Registry.AddBeforeCollectCallback(async cancellationToken =>
        {
            OutboxDepth pending;
            // A read session: a scrape neither queues behind SQLite's writer nor holds it up.
            await using (var session = await store.BeginReadAsync(cancellationToken))
            {
                pending = await session.Outbox.PendingDepthAsync(cancellationToken);
            }

            depth.Set(pending.Pending);
            age.Set(pending.OldestCreatedAt is { } oldest ? Math.Max(0, (time.GetUtcNow() - oldest).TotalSeconds) : 0);
        });
    }
}
