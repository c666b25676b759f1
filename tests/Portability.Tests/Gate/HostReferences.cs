using Microsoft.CodeAnalysis;

namespace ShareKey.Portability.Tests.Gate;

/// <summary>
/// The assemblies of the running .NET runtime, as compile references. The gate needs a real BCL to
/// bind against so that every symbol resolves; whether the board has it is the allowlist's call.
/// </summary>
public static class HostReferences
{
    private static readonly Lazy<IReadOnlyList<MetadataReference>> All = new(Load);

    public static IReadOnlyList<MetadataReference> Get()
    {
        return All.Value;
    }

    private static IReadOnlyList<MetadataReference> Load()
    {
        string trusted = AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES") as string
            ?? throw new InvalidOperationException("the runtime exposes no TRUSTED_PLATFORM_ASSEMBLIES list");
        return trusted
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Where(IsRuntimeAssembly)
            .Select(path => (MetadataReference)MetadataReference.CreateFromFile(path))
            .ToList();
    }

    /// <summary>The shared framework only (the folder System.Private.CoreLib was loaded from): the test's own dependencies are no BCL.</summary>
    private static bool IsRuntimeAssembly(string path)
    {
        string sharedFramework = Path.GetDirectoryName(typeof(object).Assembly.Location)!;
        return string.Equals(Path.GetDirectoryName(path), sharedFramework, StringComparison.Ordinal);
    }
}
