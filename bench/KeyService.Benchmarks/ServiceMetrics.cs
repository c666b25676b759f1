using System.Globalization;

namespace ShareKey.KeyService.Benchmarks;

/// <summary>
/// The service's own view of a run: its GET /metrics (Prometheus text format) scraped before and
/// after, and the histograms' differences read the way Prometheus' histogram_quantile reads them
/// (the upper bound of the bucket the quantile falls in, so "≤").
/// </summary>
public sealed class ServiceMetrics(IReadOnlyDictionary<string, double> samples)
{
    /// <summary>Every sample, keyed by its series exactly as exported: name{label="value",…}.</summary>
    public IReadOnlyDictionary<string, double> Samples => samples;

    public static async Task<ServiceMetrics> ScrapeAsync(HttpClient http)
    {
        using var response = await http.GetAsync("/metrics");
        response.EnsureSuccessStatusCode();
        var samples = new Dictionary<string, double>();
        foreach (var line in (await response.Content.ReadAsStringAsync()).Split('\n'))
        {
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }

            var space = line.LastIndexOf(' ');
            samples[line[..space]] = double.Parse(line[(space + 1)..], CultureInfo.InvariantCulture);
        }

        return new ServiceMetrics(samples);
    }

    public double Value(string series) => samples.TryGetValue(series, out var value) ? value : 0;

    /// <summary>Store sessions between two scrapes: how many, their mean and p99 time open, and the statements they sent.</summary>
    public static string StoreLine(ServiceMetrics before, ServiceMetrics after)
    {
        var count = SumOverOutcomes(before, after, "sharekey_store_transaction_seconds_count");
        var sum = SumOverOutcomes(before, after, "sharekey_store_transaction_seconds_sum");
        return $"store sessions {count:F0} (mean {Ms(count == 0 ? 0 : sum / count)}, p99 ≤ {Ms(Quantile(before, after, "sharekey_store_transaction_seconds", 0.99, "outcome=\"commit\""))}), "
            + $"{SumOverOutcomes(before, after, "sharekey_store_statements_total"):F0} statements";
    }

    /// <summary>Store sessions and statements per unit of work (a key issued) between two scrapes.</summary>
    public static string StorePerLine(ServiceMetrics before, ServiceMetrics after, int units, string unit) =>
        $"{SumOverOutcomes(before, after, "sharekey_store_transaction_seconds_count") / Math.Max(1, units):F2} store sessions and "
        + $"{SumOverOutcomes(before, after, "sharekey_store_statements_total") / Math.Max(1, units):F2} statements "
        + $"({SumOverOutcomes(before, after, "sharekey_store_round_trips_total") / Math.Max(1, units):F2} round trips) per {unit}";

    /// <summary>The issue's batches between two scrapes: how many, and how many applications each took on average.</summary>
    public static string IssueBatchLine(ServiceMetrics before, ServiceMetrics after)
    {
        var batches = Delta(before, after, "sharekey_key_issue_batch_applications_count");
        var applications = Delta(before, after, "sharekey_key_issue_batch_applications_sum");
        return $"issue batches {batches:F0} ({(batches == 0 ? 0 : applications / batches):F1} applications each)";
    }

    /// <summary>A series labelled by how the store session ended, summed over every ending.</summary>
    private static double SumOverOutcomes(ServiceMetrics before, ServiceMetrics after, string series) =>
        after.Samples.Keys.Where(key => key.StartsWith(series + "{outcome=", StringComparison.Ordinal)).Sum(key => Delta(before, after, key));

    /// <summary>The service's view of a rotation phase: states, ack and confirm latency, uplink batching, messages.</summary>
    public static IEnumerable<string> RotationLines(ServiceMetrics before, ServiceMetrics after, int rotations)
    {
        var states = string.Join(", ", new[] { "sending", "confirmed", "gave-up", "failed" }.Select(state => $"{state} {after.Value($"sharekey_rotations{{state=\"{state}\"}}"):F0}"));
        yield return $"service /metrics: rotations {states}";
        yield return $"  ack (last Rotate sent -> proof verified) p50 ≤ {Ms(Quantile(before, after, "sharekey_rotation_ack_seconds", 0.5))}, p99 ≤ {Ms(Quantile(before, after, "sharekey_rotation_ack_seconds", 0.99))}; "
            + $"confirm (rotation stored -> proof verified) p50 ≤ {Ms(Quantile(before, after, "sharekey_rotation_confirm_seconds", 0.5))}, p99 ≤ {Ms(Quantile(before, after, "sharekey_rotation_confirm_seconds", 0.99))}";
        var frames = Delta(before, after, "sharekey_uplink_frames_total");
        var batches = Delta(before, after, "sharekey_uplink_batch_frames_count");
        yield return $"  {StoreLine(before, after)}; {StorePerLine(before, after, rotations, "rotation")}; "
            + $"uplink frames {frames:F0} in {batches:F0} sessions ({(batches == 0 ? 0 : frames / batches):F1} per session); "
            + $"broker messages in {Delta(before, after, "sharekey_broker_messages_total{direction=\"in\"}"):F0}, out {Delta(before, after, "sharekey_broker_messages_total{direction=\"out\"}"):F0}, dropped {Delta(before, after, "sharekey_broker_messages_dropped_total"):F0}";
    }

    private static double Delta(ServiceMetrics before, ServiceMetrics after, string series) => after.Value(series) - before.Value(series);

    /// <summary>The upper bound of the bucket holding quantile <paramref name="q"/> of the observations made between the scrapes.</summary>
    private static double Quantile(ServiceMetrics before, ServiceMetrics after, string histogram, double q, string? label = null)
    {
        var prefix = histogram + "_bucket{" + (label is null ? "" : label + ",") + "le=\"";
        var buckets = after.Samples.Keys
            .Where(series => series.StartsWith(prefix, StringComparison.Ordinal))
            .Select(series => (Bound: ParseBound(series[prefix.Length..^2]), Count: Delta(before, after, series)))
            .OrderBy(bucket => bucket.Bound)
            .ToList();
        var total = buckets.Count == 0 ? 0 : buckets[^1].Count;
        if (total == 0)
        {
            return double.NaN;
        }

        return buckets.First(bucket => bucket.Count >= q * total).Bound;
    }

    private static double ParseBound(string bound) => bound == "+Inf" ? double.PositiveInfinity : double.Parse(bound, CultureInfo.InvariantCulture);

    private static string Ms(double seconds) => double.IsNaN(seconds) ? "n/a" : double.IsPositiveInfinity(seconds) ? "+Inf" : $"{seconds * 1000:F1} ms";
}
