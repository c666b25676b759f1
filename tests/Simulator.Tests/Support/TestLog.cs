using System.Collections.Concurrent;

namespace ShareKey.Simulator.Tests.Support;

/// <summary>The simulator's log, kept for the test: the environment fails the test if anything logged an error.</summary>
public sealed class TestLog : ISimulatorLog
{
    public ConcurrentQueue<string> Lines { get; } = new();

    public ConcurrentQueue<string> Errors { get; } = new();

    public void Info(string source, string line) => Lines.Enqueue($"[{source}] {line}");

    public void Error(string source, string line, Exception? exception = null) =>
        Errors.Enqueue($"[{source}] {line} {exception}");

    public bool Contains(string fragment) => Lines.Any(line => line.Contains(fragment, StringComparison.Ordinal));
}
