using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace ShareKey.Portability.Tests.Gate;

/// <summary>
/// The portable folders compiled as the board compiles them: C# 9, no standard library of .NET at
/// all, only nanoFramework's own <c>mscorlib.dll</c> from the package nanoFramework.CoreLibrary
/// (restored by this project, version pinned in Directory.Packages.props). Each folder is one
/// assembly referencing the folders listed above it in portable-sources.txt, as the .nfproj files
/// reference each other. Any API the board's mscorlib lacks is then a compile error, whatever the
/// allowlist says. APIs of other nanoFramework assemblies (System.Collections, System.Math,
/// System.Text …) cannot resolve here: their packages are not in our NuGet mirror, so portable code
/// uses none of them today (see the README for the way to add one).
/// </summary>
public static class NanoMscorlibCompile
{
    private static readonly Lazy<MetadataReference> Mscorlib = new(LoadMscorlib);

    /// <summary>The package's mscorlib.dll path, as the build recorded it.</summary>
    public static string MscorlibPath
    {
        get
        {
            return typeof(NanoMscorlibCompile).Assembly
                .GetCustomAttributes<AssemblyMetadataAttribute>()
                .Single(a => a.Key == "NanoMscorlib")
                .Value!;
        }
    }

    /// <summary>Compiles the folders in order, each against mscorlib and the ones before it; every error diagnostic, as "file(line): id message".</summary>
    public static IReadOnlyList<string> Errors(IReadOnlyList<(string Name, IReadOnlyList<SourceFile> Sources)> assemblies)
    {
        List<MetadataReference> references = [Mscorlib.Value];
        List<string> errors = [];
        foreach ((string name, IReadOnlyList<SourceFile> sources) in assemblies)
        {
            CSharpCompilation compilation = CSharpCompilation.Create(
                name,
                sources.Select(s => CSharpSyntaxTree.ParseText(s.Text, PortabilityGate.ParseOptions, s.Path)),
                references,
                new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Disable));
            errors.AddRange(compilation.GetDiagnostics()
                .Where(d => d.Severity == DiagnosticSeverity.Error)
                .Select(d => $"{name}: {d.Location.GetLineSpan().Path}({d.Location.GetLineSpan().StartLinePosition.Line + 1}): {d.Id} {d.GetMessage()}"));
            references.Add(compilation.ToMetadataReference());
        }

        return errors;
    }

    private static MetadataReference LoadMscorlib()
    {
        string path = MscorlibPath;
        if (!File.Exists(path))
        {
            throw new FileNotFoundException("nanoFramework's mscorlib.dll is not where the restore put it", path);
        }

        return MetadataReference.CreateFromFile(path);
    }
}
