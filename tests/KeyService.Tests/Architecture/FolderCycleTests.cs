using System.Text;
using Xunit.Abstractions;

namespace ShareKey.KeyService.Tests.Architecture;

/// <summary>
/// The folders of cloud/KeyService form no import cycle: a feature can be read, moved or removed
/// without dragging in a folder that depends back on it. Measured by <see cref="FolderGraph"/>.
/// </summary>
public sealed class FolderCycleTests(ITestOutputHelper output)
{
    internal static readonly Lazy<FolderGraph> Measured = new(() => FolderGraph.Measure(FolderGraph.ServiceFolder()));

    [Fact]
    public void The_service_compiles_for_the_measure()
    {
        var graph = Measured.Value;

        Assert.True(graph.Errors.Count == 0, string.Join(Environment.NewLine, graph.Errors.Take(20)));
        Assert.Contains("Hosting", graph.Folders);
        Assert.Contains("Storage", graph.Uses("Hosting"));
    }

    [Fact]
    public void No_folder_reaches_itself_through_others()
    {
        var graph = Measured.Value;
        var report = Report(graph, graph.CyclicEdges());
        output.WriteLine(report);

        Assert.True(graph.Tangles().Count == 0 && graph.MutualPairs().Count == 0, report);
    }

    private static string Report(FolderGraph graph, IReadOnlyList<string> cyclic)
    {
        var report = new StringBuilder();
        var tangles = graph.Tangles();
        report.AppendLine($"{graph.MutualPairs().Count} pairs of folders use each other; {tangles.Count} tangles; {cyclic.Count} uses close a cycle");
        foreach (var tangle in tangles)
        {
            report.AppendLine($"tangle: {string.Join(", ", tangle)}");
            foreach (var folder in tangle)
            {
                var cycle = graph.ShortestCycle(folder);
                report.AppendLine($"  cycle: {string.Join(" -> ", cycle)}");
                for (var i = 0; i + 1 < cycle.Count; i++)
                {
                    report.AppendLine($"    {cycle[i]} -> {cycle[i + 1]}: {string.Join("; ", graph.Evidence(cycle[i], cycle[i + 1]))}");
                }
            }
        }
        foreach (var folder in graph.Folders)
        {
            report.AppendLine($"{folder} uses {string.Join(", ", graph.Uses(folder))}");
        }
        return report.ToString();
    }
}
