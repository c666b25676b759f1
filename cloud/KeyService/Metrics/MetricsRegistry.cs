using Prometheus;

namespace ShareKey.KeyService.Metrics;

/// <summary>
/// This service's own collector registry. Not prometheus-net's static default: tests and benchmarks
/// run several services in one process, and each must report only its own numbers.
/// </summary>
public sealed class MetricsRegistry
{
    public CollectorRegistry Registry { get; } = Prometheus.Metrics.NewCustomRegistry();

    public IMetricFactory Factory => Prometheus.Metrics.WithCustomRegistry(Registry);
}
