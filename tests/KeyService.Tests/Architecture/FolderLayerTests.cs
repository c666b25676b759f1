using System.Text.RegularExpressions;

namespace ShareKey.KeyService.Tests.Architecture;

/// <summary>
/// docs/architecture.md §1.1 lists the folders of cloud/KeyService in layers, bottom up, one line
/// each. The code keeps to that list: every folder is on exactly one line, and a folder uses only
/// folders on lines above its own (<see cref="FolderGraph"/>), so the document says what may use
/// what, and a use that breaks it fails here with the places that make it.
/// </summary>
public sealed partial class FolderLayerTests
{
    [Fact]
    public void The_architecture_document_lists_every_folder_in_one_layer()
    {
        var graph = FolderCycleTests.Measured.Value;
        var layers = Layers();
        var named = layers.SelectMany(layer => layer).ToList();
        var folders = graph.Folders.Where(folder => folder != FolderGraph.Root).ToList();

        Assert.True(layers.Count > 5, $"docs/architecture.md §1.1 lists only {layers.Count} layers");
        Assert.True(named.Count == named.Distinct().Count(), "named on more than one line: " + string.Join(", ", named.GroupBy(f => f).Where(g => g.Count() > 1).Select(g => g.Key)));
        Assert.True(folders.All(named.Contains), "not in the layers of docs/architecture.md §1.1: " + string.Join(", ", folders.Except(named)));
        Assert.True(named.All(folders.Contains), "in the layers of docs/architecture.md §1.1 but no folder of the service: " + string.Join(", ", named.Except(folders)));
    }

    [Fact]
    public void Each_folder_uses_only_the_layers_below_it()
    {
        var graph = FolderCycleTests.Measured.Value;
        var layerOf = Layers().SelectMany((layer, index) => layer.Select(folder => (folder, index))).ToDictionary(entry => entry.folder, entry => entry.index);
        int LayerOf(string folder) => folder == FolderGraph.Root ? int.MaxValue : layerOf.GetValueOrDefault(folder, -1);

        var upward =
            (from folder in graph.Folders
             where folder != FolderGraph.Root && layerOf.ContainsKey(folder)
             from used in graph.Uses(folder)
             where LayerOf(used) >= LayerOf(folder)
             select $"{folder} (line {LayerOf(folder) + 1}) uses {used} (line {LayerOf(used) + 1}): {string.Join("; ", graph.Evidence(folder, used))}").ToList();

        Assert.True(upward.Count == 0, "uses of a folder on the same line or a later one of docs/architecture.md §1.1:" + Environment.NewLine + string.Join(Environment.NewLine, upward));
    }

    /// <summary>The folders (`Name/`) before the dash of each numbered line of §1.1, bottom layer first.</summary>
    private static IReadOnlyList<IReadOnlyList<string>> Layers()
    {
        var document = File.ReadAllText(Path.Combine(FolderGraph.RepositoryRoot(), "docs", "architecture.md"));
        var section = Section().Match(document);
        Assert.True(section.Success, "docs/architecture.md has no section ### 1.1");
        return [.. LayerLine().Matches(section.Groups["body"].Value)
            .Select(line => (IReadOnlyList<string>)[.. FolderName().Matches(line.Groups["folders"].Value).Select(m => m.Groups["name"].Value)])];
    }

    [GeneratedRegex(@"^### 1\.1 [^\n]*\n(?<body>.*?)(?=^#)", RegexOptions.Multiline | RegexOptions.Singleline)]
    private static partial Regex Section();

    [GeneratedRegex(@"^\d+\. (?<folders>[^\n]*?) —", RegexOptions.Multiline)]
    private static partial Regex LayerLine();

    [GeneratedRegex(@"`(?<name>[A-Za-z]+)/`")]
    private static partial Regex FolderName();
}
