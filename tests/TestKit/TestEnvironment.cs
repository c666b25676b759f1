using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Xunit.Sdk;

namespace ShareKey.TestKit;

/// <summary>
/// One test's environment: it fails the test when the code under test logged an error the test did not
/// declare (<see cref="ExpectError"/>), or when a task exception went unobserved while it was alive, so
/// faults swallowed by background loops cannot hide. It disposes what the test gave it and deletes the temp
/// folders it handed out, also when the test fails.
/// </summary>
/// <remarks>Unobserved task exceptions are process-wide; one raised by a test running in parallel is
/// attributed to whichever environments are alive, which errs on the side of failing. Exceptions thrown
/// wholly inside MQTTnet's server are skipped (<see cref="PeerFaults"/>).</remarks>
public sealed class TestEnvironment : IAsyncDisposable
{
    private readonly ConcurrentQueue<LoggedError> _errors = new();
    private readonly ConcurrentQueue<string> _unobserved = new();
    private readonly List<ExpectedError> _expected = [];
    private readonly List<IAsyncDisposable> _owned = [];
    private readonly List<string> _folders = [];
    private int _disposed;

    public TestEnvironment()
    {
        TaskScheduler.UnobservedTaskException += OnUnobservedTaskException;
        LoggerProvider = new EnvironmentLoggerProvider(this);
    }

    /// <summary>Give this to the logging of the code under test (ILoggingBuilder.AddProvider): its errors are reported here.</summary>
    public ILoggerProvider LoggerProvider { get; }

    /// <summary>Every error reported so far, expected or not.</summary>
    public IReadOnlyList<LoggedError> Errors => [.. _errors];

    /// <summary>
    /// Declares that the code under test logs, under <paramref name="category"/> (a logger category or a log
    /// source), errors whose text contains <paramref name="fragment"/>: those do not fail the test. Declare it
    /// before the error can happen; errors reported earlier stay unexpected.
    /// </summary>
    public ExpectedError ExpectError(string category, string fragment)
    {
        var expected = new ExpectedError(category, fragment);
        lock (_expected)
        {
            _expected.Add(expected);
        }

        return expected;
    }

    /// <summary><see cref="ExpectError(string, string)"/> for the logger category of <typeparamref name="TCategory"/> (ILogger&lt;TCategory&gt;, which names a nested type with '.').</summary>
    public ExpectedError ExpectError<TCategory>(string fragment) => ExpectError(typeof(TCategory).FullName!.Replace('+', '.'), fragment);

    /// <summary>Reports an error line the code under test logged, without an exception (a child process's console log).</summary>
    public void ReportError(string category, string message) => ReportError(category, message, null);

    /// <summary>Reports an error the code under test logged; for logs that are not an ILogger (the MQTT stack's, the simulator's).</summary>
    public void ReportError(string category, string message, Exception? exception)
    {
        var error = new LoggedError(category, message, exception);
        ExpectedError? match;
        lock (_expected)
        {
            match = _expected.FirstOrDefault(expected => expected.Matches(error));
        }

        match?.Saw(error);
        error.Expected = match is not null;
        _errors.Enqueue(error);
    }

    /// <summary>A fresh empty folder, deleted with the environment.</summary>
    public string TempFolder(string prefix = "sharekey-test-")
    {
        var folder = Directory.CreateTempSubdirectory(prefix).FullName;
        lock (_folders)
        {
            _folders.Add(folder);
        }

        return folder;
    }

    /// <summary>Disposes <paramref name="resource"/> with the environment (last owned, first disposed), before the checks.</summary>
    public T Own<T>(T resource)
        where T : IAsyncDisposable
    {
        lock (_owned)
        {
            _owned.Add(resource);
        }

        return resource;
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        var failures = new List<string>();
        try
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
        }
        finally
        {
            // A faulted task nobody awaited raises UnobservedTaskException from its finalizer: collect now so the
            // test that leaked it is the one that fails.
            GC.Collect();
            GC.WaitForPendingFinalizers();
            GC.Collect();
            GC.WaitForPendingFinalizers();
            TaskScheduler.UnobservedTaskException -= OnUnobservedTaskException;
            DeleteFolders(failures);
        }

        failures.AddRange(_errors.Where(error => !error.Expected).Select(error => $"logged error: {error}"));
        failures.AddRange(_unobserved.Select(exception => $"unobserved task exception: {exception}"));
        if (failures.Count > 0)
        {
            throw new XunitException(string.Join(Environment.NewLine, failures));
        }
    }

    private void DeleteFolders(List<string> failures)
    {
        string[] folders;
        lock (_folders)
        {
            folders = [.. _folders];
        }

        foreach (var folder in folders)
        {
            try
            {
                Directory.Delete(folder, recursive: true);
            }
            catch (DirectoryNotFoundException)
            {
                // The test removed it itself.
            }
            catch (IOException e)
            {
                failures.Add($"temp folder {folder} could not be deleted (something still writes into it): {e.Message}");
            }
        }
    }

    private void OnUnobservedTaskException(object? sender, UnobservedTaskExceptionEventArgs e)
    {
        if (!PeerFaults.IsMqttNetOwn(e.Exception))
        {
            _unobserved.Enqueue(e.Exception.ToString());
        }
    }
}
