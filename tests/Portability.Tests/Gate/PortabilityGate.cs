using System.Globalization;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace ShareKey.Portability.Tests.Gate;

/// <summary>
/// Compiles portable sources as C# 9 against the host BCL (so every symbol resolves) and reports
/// everything in them that nanoFramework 1.x cannot take: the rules of docs/architecture.md §3, and any
/// BCL type or member, written or compiler-generated, outside the nanoFramework allowlist.
/// </summary>
public sealed class PortabilityGate
{
    /// <summary>nanoFramework's MSBuild project system sets LangVersion 9.0 (NFProjectSystem.Default.props).</summary>
    public static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.CSharp9);

    private readonly ApiAllowlist _allowlist;

    public PortabilityGate(ApiAllowlist allowlist)
    {
        _allowlist = allowlist;
    }

    public IReadOnlyList<Violation> Check(IEnumerable<SourceFile> sources)
    {
        SyntaxTree[] trees = sources
            .Select(source => CSharpSyntaxTree.ParseText(source.Text, ParseOptions, source.Path))
            .ToArray();
        CSharpCompilation compilation = CSharpCompilation.Create(
            "PortabilityGate",
            trees,
            HostReferences.Get(),
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Disable));

        Findings findings = new();
        ReportCompileErrors(compilation, findings);
        ApiRules api = new(compilation.Assembly, _allowlist, findings);
        foreach (SyntaxTree tree in trees)
        {
            SemanticModel model = compilation.GetSemanticModel(tree);
            SyntaxNode root = tree.GetRoot();
            new SyntaxRules(findings).Visit(root);
            new DeclarationRules(model, api, findings).Check(root);
            new OperationRules(model, api, findings).Check(root);
        }

        return findings.Violations;
    }

    private static void ReportCompileErrors(Compilation compilation, Findings findings)
    {
        foreach (Diagnostic diagnostic in compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error))
        {
            string message = diagnostic.GetMessage(CultureInfo.InvariantCulture);
            bool tooNew = message.Contains("language version", StringComparison.OrdinalIgnoreCase);
            findings.Add(diagnostic.Location, tooNew ? Rule.LanguageVersion : Rule.CompileError, $"{diagnostic.Id}: {message}");
        }
    }
}
