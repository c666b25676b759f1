using System.Globalization;
using System.Text.RegularExpressions;

namespace ShareKey.KeyService.Tests.Service.Metrics;

/// <summary>
/// A strict reader of the Prometheus text exposition format (0.0.4): every sample line must parse
/// and belong to a family announced by a # TYPE line, or the scrape is rejected.
/// </summary>
public sealed partial class PrometheusText
{
    private readonly List<(string Name, IReadOnlyDictionary<string, string> Labels, double Value)> _samples = [];
    private readonly Dictionary<string, string> _types = [];

    public static PrometheusText Parse(string text)
    {
        var parsed = new PrometheusText();
        foreach (var line in text.Split('\n'))
        {
            if (line.Length == 0 || line.StartsWith("# HELP ", StringComparison.Ordinal))
            {
                continue;
            }

            if (line.StartsWith("# TYPE ", StringComparison.Ordinal))
            {
                var parts = line.Split(' ');
                Assert.Equal(4, parts.Length);
                Assert.Contains(parts[3], new[] { "counter", "gauge", "histogram", "summary", "untyped" });
                parsed._types.Add(parts[2], parts[3]);
                continue;
            }

            var sample = SampleLine().Match(line);
            Assert.True(sample.Success, $"Not a sample line: {line}");
            var name = sample.Groups["name"].Value;
            var family = parsed._types.Keys.SingleOrDefault(f => name == f || (name.StartsWith(f + "_", StringComparison.Ordinal) && name[(f.Length + 1)..] is "bucket" or "sum" or "count"));
            Assert.True(family is not null, $"Sample {name} has no # TYPE line");
            var labels = Label().Matches(sample.Groups["labels"].Value).ToDictionary(l => l.Groups["key"].Value, l => l.Groups["value"].Value);
            var value = sample.Groups["value"].Value switch
            {
                "+Inf" => double.PositiveInfinity,
                "-Inf" => double.NegativeInfinity,
                var number => double.Parse(number, NumberStyles.Float, CultureInfo.InvariantCulture),
            };
            parsed._samples.Add((name, labels, value));
        }

        return parsed;
    }

    public string TypeOf(string family) => _types.TryGetValue(family, out var type) ? type : throw new Xunit.Sdk.XunitException($"No metric family {family}");

    /// <summary>The one sample named <paramref name="name"/> whose labels include <paramref name="labels"/>.</summary>
    public double Value(string name, params (string Key, string Value)[] labels)
    {
        var matching = Matching(name, labels).ToList();
        Assert.True(matching.Count == 1, $"{matching.Count} samples of {name} match {string.Join(',', labels)}");
        return matching[0];
    }

    /// <summary>The sum over every sample named <paramref name="name"/> whose labels include <paramref name="labels"/> (0 when none).</summary>
    public double Sum(string name, params (string Key, string Value)[] labels) => Matching(name, labels).Sum();

    private IEnumerable<double> Matching(string name, (string Key, string Value)[] labels) =>
        _samples.Where(s => s.Name == name && labels.All(l => s.Labels.TryGetValue(l.Key, out var v) && v == l.Value)).Select(s => s.Value);

    [GeneratedRegex("""^(?<name>[a-zA-Z_:][a-zA-Z0-9_:]*)(\{(?<labels>([^"}]|"(\\.|[^"\\])*")*)\})? (?<value>\S+)( \d+)?$""")]
    private static partial Regex SampleLine();

    [GeneratedRegex("""(?<key>[a-zA-Z_][a-zA-Z0-9_]*)="(?<value>(\\.|[^"\\])*)",?""")]
    private static partial Regex Label();
}
