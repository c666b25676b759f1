using Microsoft.Extensions.Logging;

namespace ShareKey.TestKit;

/// <summary>Reports every Error and Critical entry of an ILogger-based log to the test's environment, under the logger's category.</summary>
internal sealed class EnvironmentLoggerProvider(TestEnvironment environment) : ILoggerProvider
{
    public ILogger CreateLogger(string categoryName) => new CategoryLogger(environment, categoryName);

    public void Dispose()
    {
    }

    private sealed class CategoryLogger(TestEnvironment environment, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Error && logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
            {
                environment.ReportError(category, formatter(state, exception), exception);
            }
        }
    }
}
