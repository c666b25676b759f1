using Microsoft.CodeAnalysis;

namespace ShareKey.Portability.Tests.Gate;

/// <summary>Collects violations, once per place, rule and detail, in the order they were found.</summary>
public sealed class Findings
{
    private readonly List<Violation> _violations = new();
    private readonly HashSet<Violation> _seen = new();

    public IReadOnlyList<Violation> Violations
    {
        get { return _violations; }
    }

    public void Add(Location location, string rule, string detail)
    {
        FileLinePositionSpan span = location.GetLineSpan();
        Violation violation = new(span.Path, span.StartLinePosition.Line + 1, rule, detail);
        if (_seen.Add(violation))
        {
            _violations.Add(violation);
        }
    }
}
