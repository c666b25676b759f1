using Prometheus;

namespace ShareKey.KeyService.Metrics;

/// <summary>How long store sessions (one database transaction each) stay open, by how they ended.</summary>
public sealed class StoreMetrics(MetricsRegistry metrics)
{
    private readonly Histogram _transactions = metrics.Factory.CreateHistogram(
        "sharekey_store_transaction_seconds",
        "From opening a store session to its commit or roll-back (on SQLite write sessions include the wait for the single writer).",
        new HistogramConfiguration { LabelNames = ["outcome"], Buckets = Histogram.ExponentialBuckets(0.0005, 2, 16) });

    public void Ended(TimeSpan open, bool committed) =>
        _transactions.WithLabels(committed ? "commit" : "rollback").Observe(open.TotalSeconds);
}
