using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace ShareKey.KeyService.Tests.Architecture;

/// <summary>
/// Which first-level folders of cloud/KeyService use which others, measured by compiling every
/// .cs file with Roslyn and resolving each name to the file that declares it. Unused usings do
/// not count; a type, member or extension method reached through a name does, and so does a
/// <c>cref</c> in a doc comment: a comment that points upward is as wrong as the code it describes.
/// </summary>
internal sealed class FolderGraph
{
    /// <summary>The Web SDK's implicit usings (ImplicitUsings=enable in Directory.Build.props).</summary>
    private const string ImplicitUsings = """
        global using System;
        global using System.Collections.Generic;
        global using System.IO;
        global using System.Linq;
        global using System.Net.Http;
        global using System.Net.Http.Json;
        global using System.Threading;
        global using System.Threading.Tasks;
        global using Microsoft.AspNetCore.Builder;
        global using Microsoft.AspNetCore.Hosting;
        global using Microsoft.AspNetCore.Http;
        global using Microsoft.AspNetCore.Routing;
        global using Microsoft.Extensions.Configuration;
        global using Microsoft.Extensions.DependencyInjection;
        global using Microsoft.Extensions.Hosting;
        global using Microsoft.Extensions.Logging;
        """;

    /// <summary>The folder files directly in the project folder (Program.cs) belong to.</summary>
    public const string Root = ".";

    private readonly Dictionary<string, Dictionary<string, List<string>>> edges = new(StringComparer.Ordinal);

    private FolderGraph(IReadOnlyList<Diagnostic> errors) => Errors = errors;

    /// <summary>Compile errors; the measure is only trustworthy when there are none.</summary>
    public IReadOnlyList<Diagnostic> Errors { get; }

    public IEnumerable<string> Folders => edges.Keys.Concat(edges.Values.SelectMany(e => e.Keys)).Distinct().Order(StringComparer.Ordinal);

    public IEnumerable<string> Uses(string folder) =>
        edges.TryGetValue(folder, out var targets) ? targets.Keys.Order(StringComparer.Ordinal) : [];

    /// <summary>Up to a few "File.cs: Name" places where <paramref name="from"/> uses <paramref name="to"/>.</summary>
    public IReadOnlyList<string> Evidence(string from, string to) => edges[from][to];

    public static FolderGraph Measure(string serviceFolder)
    {
        var parse = new CSharpParseOptions(LanguageVersion.Preview, DocumentationMode.Parse);
        var files = Directory.EnumerateFiles(serviceFolder, "*.cs", SearchOption.AllDirectories)
            .Where(path => !IsBuildOutput(serviceFolder, path))
            .Order(StringComparer.Ordinal)
            .ToList();
        var trees = files.Select(path => CSharpSyntaxTree.ParseText(File.ReadAllText(path), parse, path)).ToList();
        var compilation = CSharpCompilation.Create(
            "FolderGraph",
            [.. trees, CSharpSyntaxTree.ParseText(ImplicitUsings, parse, "ImplicitUsings.cs")],
            References(),
            new CSharpCompilationOptions(OutputKind.ConsoleApplication, nullableContextOptions: NullableContextOptions.Enable));
        var errors = compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        var graph = new FolderGraph(errors);
        foreach (var tree in trees)
        {
            var from = FolderOf(serviceFolder, tree.FilePath);
            var model = compilation.GetSemanticModel(tree);
            foreach (var node in tree.GetRoot().DescendantNodes(descendIntoTrivia: true))
            {
                foreach (var symbol in Referenced(model, node))
                {
                    var declared = symbol.Locations.FirstOrDefault(l => l.IsInSource)?.SourceTree?.FilePath;
                    if (declared is null || !declared.StartsWith(serviceFolder, StringComparison.Ordinal))
                    {
                        continue;
                    }
                    var to = FolderOf(serviceFolder, declared);
                    if (to != from)
                    {
                        graph.Add(from, to, $"{Path.GetRelativePath(serviceFolder, tree.FilePath)}: {symbol.ToDisplayString(SymbolDisplayFormat.CSharpShortErrorMessageFormat)}");
                    }
                }
            }
        }
        return graph;
    }

    /// <summary>Pairs of folders that use each other, each pair once.</summary>
    public IReadOnlyList<(string A, string B)> MutualPairs() =>
        [.. from a in edges.Keys
            from b in Uses(a)
            where string.CompareOrdinal(a, b) < 0 && Uses(b).Contains(a)
            select (a, b)];

    /// <summary>Every use of one folder by another that closes a cycle (both in the same tangle), as "From -> To".</summary>
    public IReadOnlyList<string> CyclicEdges() =>
        [.. from tangle in Tangles()
            from a in tangle
            from b in Uses(a)
            where tangle.Contains(b)
            select $"{a} -> {b}"];

    /// <summary>Groups of folders that reach each other (strongly connected components larger than one).</summary>
    public IReadOnlyList<IReadOnlyList<string>> Tangles()
    {
        var index = new Dictionary<string, int>();
        var low = new Dictionary<string, int>();
        var stack = new Stack<string>();
        var onStack = new HashSet<string>();
        var result = new List<IReadOnlyList<string>>();
        var counter = 0;

        void Visit(string v)
        {
            index[v] = low[v] = counter++;
            stack.Push(v);
            onStack.Add(v);
            foreach (var w in Uses(v))
            {
                if (!index.ContainsKey(w))
                {
                    Visit(w);
                    low[v] = Math.Min(low[v], low[w]);
                }
                else if (onStack.Contains(w))
                {
                    low[v] = Math.Min(low[v], index[w]);
                }
            }
            if (low[v] == index[v])
            {
                var component = new List<string>();
                string w;
                do
                {
                    w = stack.Pop();
                    onStack.Remove(w);
                    component.Add(w);
                }
                while (w != v);
                if (component.Count > 1)
                {
                    result.Add([.. component.Order(StringComparer.Ordinal)]);
                }
            }
        }

        foreach (var folder in Folders)
        {
            if (!index.ContainsKey(folder))
            {
                Visit(folder);
            }
        }
        return result;
    }

    /// <summary>The shortest way from <paramref name="start"/> back to itself, as a list of folders.</summary>
    public IReadOnlyList<string> ShortestCycle(string start)
    {
        var previous = new Dictionary<string, string>();
        var queue = new Queue<string>();
        queue.Enqueue(start);
        while (queue.Count > 0)
        {
            var v = queue.Dequeue();
            foreach (var w in Uses(v))
            {
                if (w == start)
                {
                    var path = new List<string> { start };
                    for (var at = v; at != start; at = previous[at])
                    {
                        path.Add(at);
                    }
                    path.Add(start);
                    path.Reverse();
                    return path;
                }
                if (previous.TryAdd(w, v))
                {
                    queue.Enqueue(w);
                }
            }
        }
        return [];
    }

    private void Add(string from, string to, string evidence)
    {
        if (!edges.TryGetValue(from, out var targets))
        {
            edges[from] = targets = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        }
        if (!targets.TryGetValue(to, out var places))
        {
            targets[to] = places = [];
        }
        if (places.Count < 3 && !places.Contains(evidence))
        {
            places.Add(evidence);
        }
    }

    private static IEnumerable<ISymbol> Referenced(SemanticModel model, SyntaxNode node)
    {
        switch (node)
        {
            case SimpleNameSyntax name:
                var info = model.GetSymbolInfo(name);
                if (info.Symbol is INamespaceSymbol)
                {
                    // A namespace is only a way to a type; the types reached count, an unused using does not.
                }
                else if (info.Symbol is { } symbol)
                {
                    yield return Declaration(symbol);
                }
                else
                {
                    foreach (var candidate in info.CandidateSymbols.Where(c => c is not INamespaceSymbol))
                    {
                        yield return Declaration(candidate);
                    }
                }
                break;
            case ImplicitObjectCreationExpressionSyntax created when model.GetTypeInfo(created).Type is { } type:
                yield return type.OriginalDefinition;
                break;
        }
    }

    /// <summary>A member counts for the type that declares it; a reduced extension method for its static class.</summary>
    private static ISymbol Declaration(ISymbol symbol) => symbol switch
    {
        IMethodSymbol { ReducedFrom: { } extension } => extension.ContainingType,
        IMethodSymbol or IPropertySymbol or IFieldSymbol or IEventSymbol when symbol.ContainingType is { } type => type.OriginalDefinition,
        ITypeSymbol type => type.OriginalDefinition,
        _ => symbol,
    };

    private static string FolderOf(string serviceFolder, string path)
    {
        var relative = Path.GetRelativePath(serviceFolder, path);
        var slash = relative.IndexOf(Path.DirectorySeparatorChar);
        return slash < 0 ? Root : relative[..slash];
    }

    private static bool IsBuildOutput(string serviceFolder, string path)
    {
        var first = Path.GetRelativePath(serviceFolder, path).Split(Path.DirectorySeparatorChar)[0];
        return first is "bin" or "obj";
    }

    /// <summary>
    /// The assemblies this test runs with (the shared frameworks, the service's project references),
    /// minus the service itself, whose types the compilation declares from source.
    /// </summary>
    private static IEnumerable<MetadataReference> References() =>
        ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Where(path => !Path.GetFileName(path).Equals("sharekey.dll", StringComparison.OrdinalIgnoreCase))
            .Select(path => MetadataReference.CreateFromFile(path));

    public static string ServiceFolder() => Path.Combine(RepositoryRoot(), "cloud", "KeyService");

    public static string RepositoryRoot() =>
        typeof(FolderGraph).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "RepoRoot").Value!;
}
