using System.Collections.Concurrent;
using ShareKey.Mqtt.Broker;
using ShareKey.Mqtt.Tests.Fixtures;

namespace ShareKey.Mqtt.Tests.Broker;

/// <summary>
/// Collects the broker's log lines so tests can wait for one ("queue full …"), and reports error-level lines to
/// the test's environment, which fails the test on them: errors mean a fault in the broker, never a client's misbehaviour.
/// </summary>
public sealed class BrokerLog(TestEnvironment environment) : IMqttBrokerLogger
{
    private readonly ConcurrentQueue<string> _lines = new();
    private readonly MqttErrorLog _errors = new(environment);
    private readonly List<(Func<string, bool> Match, TaskCompletionSource<string> Seen)> _waiters = [];

    public IReadOnlyCollection<string> Lines => _lines;

    public void Log(MqttBrokerLogLevel level, string message, Exception? exception = null)
    {
        var line = $"{level}: {message}{(exception is null ? "" : " " + exception)}";
        _lines.Enqueue(line);
        _errors.Log(level, message, exception);
        lock (_waiters)
        {
            foreach (var waiter in _waiters.Where(w => w.Match(line)))
            {
                waiter.Seen.TrySetResult(line);
            }
        }
    }

    /// <summary>Completes with the first line (already logged or future) containing <paramref name="text"/>.</summary>
    public Task<string> WaitForAsync(string text)
    {
        var seen = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        bool Match(string line) => line.Contains(text, StringComparison.Ordinal);
        lock (_waiters)
        {
            _waiters.Add((Match, seen));
        }
        if (_lines.FirstOrDefault(Match) is { } earlier)
        {
            seen.TrySetResult(earlier);
        }
        return seen.Task.WaitAsync(TestTimeouts.Signal);
    }
}
