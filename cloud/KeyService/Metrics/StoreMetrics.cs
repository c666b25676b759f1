using Prometheus;
using ShareKey.KeyService.Storage;

namespace ShareKey.KeyService.Metrics;

/// <summary>How long store sessions (one database transaction each) stay open, by how they ended; and the transactions the database undid.</summary>
public sealed class StoreMetrics(MetricsRegistry metrics) : IStoreRetryObserver
{
    private readonly Histogram _transactions = metrics.Factory.CreateHistogram(
        "sharekey_store_transaction_seconds",
        "From opening a store session to its end: a write session's commit or roll-back (on SQLite including the wait for the single writer), or a read session's end (read).",
        new HistogramConfiguration { LabelNames = ["outcome"], Buckets = Histogram.ExponentialBuckets(0.0005, 2, 16) });

    private readonly Counter _statements = metrics.Factory.CreateCounter(
        "sharekey_store_statements_total",
        "Statements the store sessions sent to the database, by how their session ended.",
        new CounterConfiguration { LabelNames = ["outcome"] });

    private readonly Counter _roundTrips = metrics.Factory.CreateCounter(
        "sharekey_store_round_trips_total",
        "Calls the store sessions made to the database (on PostgreSQL each a network round trip; statements sent together in one batch count once), by how their session ended.",
        new CounterConfiguration { LabelNames = ["outcome"] });

    private readonly Counter _collisions = metrics.Factory.CreateCounter(
        "sharekey_store_transaction_collisions_total",
        "Transactions the database undid for colliding with another (deadlock, serialization, busy), by whether the work ran again (retried) or its caller got the failure (gave-up).",
        new CounterConfiguration { LabelNames = ["reason", "outcome"] });

    /// <param name="outcome">commit, rollback, or read (a read session).</param>
    public void Ended(TimeSpan open, string outcome, int statements, int roundTrips)
    {
        _transactions.WithLabels(outcome).Observe(open.TotalSeconds);
        _statements.WithLabels(outcome).Inc(statements);
        _roundTrips.WithLabels(outcome).Inc(roundTrips);
    }

    public void Retrying(string reason) => _collisions.WithLabels(reason, "retried").Inc();

    public void GaveUp(string reason) => _collisions.WithLabels(reason, "gave-up").Inc();
}
