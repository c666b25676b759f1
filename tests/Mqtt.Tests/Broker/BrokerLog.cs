using System.Collections.Concurrent;
using ShareKey.Mqtt.Broker;
using Xunit.Sdk;

namespace ShareKey.Mqtt.Tests.Broker;

/// <summary>
/// Collects the broker's log lines so tests can wait for one ("queue full …") and so any error-level line fails
/// the test when the broker is disposed: errors mean a fault in the broker, never a client's misbehaviour.
/// </summary>
public sealed class BrokerLog : IMqttBrokerLogger
{
    private readonly ConcurrentQueue<string> _lines = new();
    private readonly ConcurrentQueue<string> _errors = new();
    private readonly List<(Func<string, bool> Match, TaskCompletionSource<string> Seen)> _waiters = [];

    /// <summary>Set by a test that provokes a broker-side error on purpose (a failing plug-in).</summary>
    public bool ErrorsExpected { get; set; }

    public IReadOnlyCollection<string> Errors => _errors;

    public IReadOnlyCollection<string> Lines => _lines;

    public void Log(MqttBrokerLogLevel level, string message, Exception? exception = null)
    {
        var line = $"{level}: {message}{(exception is null ? "" : " " + exception)}";
        _lines.Enqueue(line);
        if (level == MqttBrokerLogLevel.Error)
        {
            _errors.Enqueue(line);
        }
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

    public void ThrowIfErrors()
    {
        if (!_errors.IsEmpty && !ErrorsExpected)
        {
            throw new XunitException("broker logged errors:" + Environment.NewLine + string.Join(Environment.NewLine, _errors));
        }
    }
}
