using ShareKey.Portability.Tests.Gate;

namespace ShareKey.Portability.Tests.Support;

/// <summary>Runs the gate over in-memory snippets, with the repository's allowlist unless a test narrows it.</summary>
public static class GateRun
{
    private static readonly Lazy<ApiAllowlist> RepositoryAllowlist = new(() => ApiAllowlist.Load(Repository.AllowlistFile));

    public static ApiAllowlist Allowlist
    {
        get { return RepositoryAllowlist.Value; }
    }

    public static IReadOnlyList<Violation> Check(string source)
    {
        return Check(source, Allowlist);
    }

    public static IReadOnlyList<Violation> Check(string source, ApiAllowlist allowlist)
    {
        return new PortabilityGate(allowlist).Check(new[] { new SourceFile("Snippet.cs", source) });
    }

    /// <summary>Asserts the gate rejects <paramref name="source"/> under <paramref name="rule"/>, at the line of the marker comment <c>/*!*/</c>.</summary>
    public static void AssertRejected(string rule, string source)
    {
        AssertRejected(rule, source, Allowlist);
    }

    public static void AssertRejected(string rule, string source, ApiAllowlist allowlist)
    {
        int line = LineOfMarker(source);
        IReadOnlyList<Violation> violations = Check(source, allowlist);
        Assert.True(
            violations.Any(v => v.Rule == rule && v.Line == line),
            $"expected [{rule}] at Snippet.cs:{line}, got:\n{Describe(violations)}");
    }

    public static void AssertAccepted(string source)
    {
        AssertAccepted(source, Allowlist);
    }

    public static void AssertAccepted(string source, ApiAllowlist allowlist)
    {
        IReadOnlyList<Violation> violations = Check(source, allowlist);
        Assert.True(violations.Count == 0, $"expected no violations, got:\n{Describe(violations)}");
    }

    public static string Describe(IEnumerable<Violation> violations)
    {
        return string.Join("\n", violations.Select(v => v.ToString()));
    }

    private static int LineOfMarker(string source)
    {
        string[] lines = source.Split('\n');
        int index = Array.FindIndex(lines, l => l.Contains("/*!*/", StringComparison.Ordinal));
        if (index < 0)
        {
            throw new ArgumentException("the snippet has no /*!*/ marker on the violating line", nameof(source));
        }

        return index + 1;
    }
}
