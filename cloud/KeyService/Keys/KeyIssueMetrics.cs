using Prometheus;
using ShareKey.KeyService.Metrics;

namespace ShareKey.KeyService.Keys;

/// <summary>How many applications for keys each issue transaction takes: near 1 means every key costs a commit of its own.</summary>
public sealed class KeyIssueMetrics(MetricsRegistry metrics)
{
    private readonly Histogram _batchSize = metrics.Factory.CreateHistogram(
        "sharekey_key_issue_batch_applications",
        "Applications for keys taken per issue batch (one transaction; one whose car was busy counts here and is then issued alone).",
        new HistogramConfiguration { Buckets = [1, 2, 4, 8, 16, 32, 64] });

    public void BatchTaken(int applications) => _batchSize.Observe(applications);
}
