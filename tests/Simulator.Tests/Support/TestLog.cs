using System.Collections.Concurrent;

namespace ShareKey.Simulator.Tests.Support;

/// <summary>The simulator's log, kept for the test; its errors go to the test's environment (category: the device's source), which fails the test on them.</summary>
public sealed class TestLog(TestEnvironment environment) : ISimulatorLog
{
    public ConcurrentQueue<string> Lines { get; } = new();

    public void Info(string source, string line) => Lines.Enqueue($"[{source}] {line}");

    public void Error(string source, string line, Exception? exception = null) => environment.ReportError(source, line, exception);

    public bool Contains(string fragment) => Lines.Any(line => line.Contains(fragment, StringComparison.Ordinal));
}
