using Prometheus;
using ShareKey.KeyService.Api;
using ShareKey.KeyService.Metrics;
using ShareKey.KeyService.Storage;

namespace ShareKey.KeyService.Rotation;

/// <summary>Rotations by state (read from the store at each scrape) and how long devices take to prove them.</summary>
public sealed class RotationMetrics
{
    private readonly Gauge _byState;
    private readonly Histogram _ack;
    private readonly Histogram _confirm;

    public RotationMetrics(MetricsRegistry metrics, IKeyStore store)
    {
        var factory = metrics.Factory;
        _byState = factory.CreateGauge("sharekey_rotations", "Rotations in the store, by state.", new GaugeConfiguration { LabelNames = ["state"] });
        _ack = factory.CreateHistogram("sharekey_rotation_ack_seconds", "From the last send of a Rotate to its verified proof.", new HistogramConfiguration { Buckets = LatencyBuckets });
        _confirm = factory.CreateHistogram("sharekey_rotation_confirm_seconds", "From a rotation's start to its verified proof (resends and redrives included).", new HistogramConfiguration { Buckets = LatencyBuckets });
        metrics.Registry.AddBeforeCollectCallback(async cancellationToken =>
        {
            IReadOnlyDictionary<RotationState, int> counts;
            // A read session: a scrape neither queues behind SQLite's writer nor holds it up.
            await using (var session = await store.BeginReadAsync(cancellationToken))
            {
                counts = await session.Rotations.CountByStateAsync(cancellationToken);
            }

            foreach (var state in Enum.GetValues<RotationState>())
            {
                _byState.WithLabels(Json.Name(state)).Set(counts.TryGetValue(state, out var count) ? count : 0);
            }
        });
    }

    /// <summary>5 ms to about 80 s: a fleet burst on two cores reaches tens of seconds.</summary>
    internal static readonly double[] LatencyBuckets = Histogram.ExponentialBuckets(0.005, 2, 15);

    /// <summary>Called when a proof is verified, inside the session that confirms the rotation.</summary>
    public void Confirmed(RotationRecord rotation, DateTimeOffset lastSentAt, DateTimeOffset now)
    {
        _ack.Observe(Math.Max(0, (now - lastSentAt).TotalSeconds));
        _confirm.Observe(Math.Max(0, (now - rotation.CreatedAt).TotalSeconds));
    }
}
