using System.Text.RegularExpressions;

namespace ShareKey.Portability.Tests.Repository;

/// <summary>
/// The repository's citations resolve: every requirement number (R2.6) named in code or docs is in
/// docs/requirements.md, every "docs/architecture.md §4" is a section of docs/architecture.md, and every
/// folder docs/architecture.md names exists.
/// </summary>
public sealed partial class DocReferenceTests
{
    private static readonly string[] SkippedFolders = ["bin", "obj", ".git", "node_modules"];

    [Fact]
    public void Every_cited_requirement_is_in_the_requirements_list()
    {
        var listed = RequirementItem().Matches(Read("docs/requirements.md")).Select(m => m.Groups["id"].Value).ToHashSet();

        var missing = Citations(RequirementCitation()).Where(c => !listed.Contains(c.Reference)).ToList();

        Assert.True(listed.Count > 30, $"docs/requirements.md lists only {listed.Count} items");
        Assert.True(missing.Count == 0, "cited but not in docs/requirements.md:\n" + string.Join("\n", missing));
    }

    [Fact]
    public void Every_cited_architecture_section_is_in_the_architecture_document()
    {
        var sections = ArchitectureHeading().Matches(Read("docs/architecture.md")).Select(m => m.Groups["number"].Value).ToHashSet();

        var missing = Citations(ArchitectureCitation()).Where(c => !sections.Contains(c.Reference)).ToList();

        Assert.Contains("4.1", sections);
        Assert.Contains("5.1", sections);
        Assert.True(missing.Count == 0, "cited but not a section of docs/architecture.md:\n" + string.Join("\n", missing));
    }

    [Fact]
    public void Every_folder_the_architecture_names_exists()
    {
        var named = RepositoryPath().Matches(Read("docs/architecture.md")).Select(m => m.Value.TrimEnd('.', '/')).Distinct().ToList();

        var missing = named.Where(path => !Directory.Exists(Support.Repository.PathOf(path)) && !File.Exists(Support.Repository.PathOf(path))).ToList();

        Assert.Contains("firmware/Simulator/Ble", named);
        Assert.True(missing.Count == 0, "named in docs/architecture.md but not in the repository: " + string.Join(", ", missing));
    }

    private static string Read(string relative) => File.ReadAllText(Support.Repository.PathOf(relative));

    /// <summary>Each match of <paramref name="pattern"/> in the repository's code and docs, with where it is.</summary>
    private static IEnumerable<(string Reference, string Where)> Citations(Regex pattern) =>
        Sources(Support.Repository.Root)
            .SelectMany(path => pattern.Matches(File.ReadAllText(path)).Select(m => (m.Groups["ref"].Value, Path.GetRelativePath(Support.Repository.Root, path))));

    private static IEnumerable<string> Sources(string folder)
    {
        foreach (var file in Directory.EnumerateFiles(folder).Where(f => f.EndsWith(".cs", StringComparison.Ordinal) || f.EndsWith(".md", StringComparison.Ordinal) || f.EndsWith(".txt", StringComparison.Ordinal)))
        {
            yield return file;
        }

        foreach (var sub in Directory.EnumerateDirectories(folder).Where(d => !SkippedFolders.Contains(Path.GetFileName(d))))
        {
            foreach (var file in Sources(sub))
            {
                yield return file;
            }
        }
    }

    [GeneratedRegex(@"\*\*(?<id>R\d+\.\d+)\*\*|^## (?<id>R\d+) ", RegexOptions.Multiline)]
    private static partial Regex RequirementItem();

    [GeneratedRegex(@"\b(?<ref>R[0-4](?:\.\d+)?)\b")]
    private static partial Regex RequirementCitation();

    [GeneratedRegex(@"^#{2,3} (?<number>\d+(?:\.\d+)?)[. ]", RegexOptions.Multiline)]
    private static partial Regex ArchitectureHeading();

    [GeneratedRegex(@"architecture(?:\.md)? §(?<ref>\d+(?:\.\d+)?)")]
    private static partial Regex ArchitectureCitation();

    [GeneratedRegex(@"\b(?:shared|phone|cloud|firmware|tests|bench|docs)/[A-Za-z0-9_./]+")]
    private static partial Regex RepositoryPath();
}
