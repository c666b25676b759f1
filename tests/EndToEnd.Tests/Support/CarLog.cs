using System.Collections.Concurrent;
using ShareKey.Simulator;

namespace ShareKey.EndToEnd.Tests.Support;

/// <summary>What the simulated cars print, kept for assertions; their errors go to the test's environment (category: the device's source) and fail the test.</summary>
public sealed class CarLog(TestEnvironment environment) : ISimulatorLog
{
    public ConcurrentQueue<string> Lines { get; } = new();

    public void Info(string source, string line) => Lines.Enqueue($"[{source}] {line}");

    public void Error(string source, string line, Exception? exception = null) => environment.ReportError(source, line, exception);

    /// <summary>The lines a device with this source printed that contain <paramref name="fragment"/>.</summary>
    public IReadOnlyList<string> Of(string source, string fragment) =>
        Lines.Where(line => line.StartsWith($"[{source}] ", StringComparison.Ordinal) && line.Contains(fragment, StringComparison.Ordinal)).ToList();
}
