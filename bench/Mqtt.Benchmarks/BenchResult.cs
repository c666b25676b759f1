using System.Globalization;

namespace ShareKey.Mqtt.Benchmarks;

/// <summary>One measured run: throughput over the whole run and end-to-end latency percentiles.</summary>
internal sealed record BenchResult(string Broker, long Messages, TimeSpan Elapsed, double[] LatenciesMs)
{
    public double MessagesPerSecond => Messages / Elapsed.TotalSeconds;

    public double Percentile(double p)
    {
        if (LatenciesMs.Length == 0)
        {
            return double.NaN;
        }
        var sorted = LatenciesMs.Order().ToArray();
        return sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p / 100 * sorted.Length) - 1)];
    }

    /// <summary>The round with the median throughput (the lower middle one for an even count).</summary>
    public static BenchResult Median(IReadOnlyList<BenchResult> rounds) =>
        rounds.OrderBy(r => r.MessagesPerSecond).ElementAt((rounds.Count - 1) / 2);

    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"{Broker,-36} {MessagesPerSecond,12:N0} msg/s   p50 {Percentile(50),8:F2} ms   p99 {Percentile(99),8:F2} ms   ({Messages:N0} msgs in {Elapsed.TotalSeconds:F2} s)");
}
