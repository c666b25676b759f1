using System.Collections.Concurrent;
using ShareKey.Mqtt.Client;
using Xunit.Sdk;

namespace ShareKey.Mqtt.Tests.Fixtures;

/// <summary>Fails the test that owns it when a client logs an error or a task exception goes
/// unobserved while it is alive, so faults swallowed by background loops cannot hide.</summary>
/// <remarks>Unobserved task exceptions are process-wide; one raised by a test running in parallel
/// is attributed to whichever environments are alive, which errs on the side of failing.</remarks>
public sealed class TestEnvironment : IMqttClientLogger, IAsyncDisposable
{
    private readonly ConcurrentQueue<string> _errors = new();
    private readonly List<IAsyncDisposable> _owned = [];

    public TestEnvironment()
    {
        TaskScheduler.UnobservedTaskException += OnUnobservedTaskException;
    }

    /// <summary>Set when a test provokes errors on purpose.</summary>
    public bool IgnoreLoggedErrors { get; set; }

    /// <summary>Disposes <paramref name="resource"/> with the environment, before the error check.</summary>
    public T Own<T>(T resource)
        where T : IAsyncDisposable
    {
        lock (_owned)
        {
            _owned.Add(resource);
        }

        return resource;
    }

    public void Log(MqttClientLogLevel level, string message, Exception? exception = null)
    {
        if (level == MqttClientLogLevel.Error && !IgnoreLoggedErrors)
        {
            _errors.Enqueue($"logged error: {message} {exception}");
        }
    }

    public async ValueTask DisposeAsync()
    {
        IAsyncDisposable[] owned;
        lock (_owned)
        {
            owned = [.. _owned];
            _owned.Clear();
        }

        foreach (var resource in owned.Reverse())
        {
            await resource.DisposeAsync();
        }

        GC.Collect();
        GC.WaitForPendingFinalizers();
        TaskScheduler.UnobservedTaskException -= OnUnobservedTaskException;
        if (!_errors.IsEmpty)
        {
            throw new XunitException(string.Join(Environment.NewLine, _errors));
        }
    }

    private void OnUnobservedTaskException(object? sender, UnobservedTaskExceptionEventArgs e)
    {
        if (!PeerFaults.IsMqttNetOwn(e.Exception))
        {
            _errors.Enqueue($"unobserved task exception: {e.Exception}");
        }
    }
}
