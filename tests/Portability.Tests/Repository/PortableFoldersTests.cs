using ShareKey.Portability.Tests.Gate;
using ShareKey.Portability.Tests.Support;

namespace ShareKey.Portability.Tests.Repository;

/// <summary>The gate over the real code: every folder in portable-sources.txt must be fit for the board.</summary>
public sealed class PortableFoldersTests
{
    [Fact]
    public void Portable_code_passes_the_gate()
    {
        PortableSourceList list = PortableSourceList.Load(Support.Repository.PortableSourcesFile);
        SourceFile[] sources = list
            .PortableFiles(Support.Repository.Root)
            .Select(path => new SourceFile(path, File.ReadAllText(Support.Repository.PathOf(path))))
            .ToArray();

        IReadOnlyList<Violation> violations = new PortabilityGate(GateRun.Allowlist).Check(sources);

        Assert.NotEmpty(sources);
        Assert.True(
            violations.Count == 0,
            $"{violations.Count} portability violation(s) in {sources.Length} portable file(s):\n{GateRun.Describe(violations)}");
    }
}
