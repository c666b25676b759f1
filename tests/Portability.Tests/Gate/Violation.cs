namespace ShareKey.Portability.Tests.Gate;

/// <summary>One construct or API the board cannot take, with where it is and which rule it breaks.</summary>
public sealed record Violation(string Path, int Line, string Rule, string Detail)
{
    public override string ToString()
    {
        return $"{Path}:{Line}: [{Rule}] {Detail}";
    }
}
