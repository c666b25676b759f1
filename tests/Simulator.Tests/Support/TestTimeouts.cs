namespace ShareKey.Simulator.Tests.Support;

/// <summary>How long a test waits for a signal before it fails; generous, since a passing test never waits it out.</summary>
public static class TestTimeouts
{
    public static readonly TimeSpan Signal = TimeSpan.FromSeconds(15);
}
