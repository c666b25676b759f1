using System.Numerics;
using Prometheus;
using ShareKey.KeyService.Metrics;

namespace ShareKey.KeyService.Uplinks;

/// <summary>How many up frames each store session of the uplink processor applies: near 1 means acks cost a transaction each.</summary>
public sealed class UplinkMetrics(MetricsRegistry metrics)
{
    private readonly Histogram _batchSize = metrics.Factory.CreateHistogram(
        "sharekey_uplink_batch_frames",
        "Up frames applied per store session by the uplink processor.",
        // Powers of two up to the largest batch the processor takes, so a full batch has a bucket of its own.
        new HistogramConfiguration { Buckets = Histogram.ExponentialBuckets(1, 2, BitOperations.Log2(UplinkProcessor.BatchSize) + 1) });

    private readonly Counter _frames = metrics.Factory.CreateCounter("sharekey_uplink_frames_total", "Up frames taken from the device link.");

    public void BatchTaken(int frames)
    {
        _batchSize.Observe(frames);
        _frames.Inc(frames);
    }
}
