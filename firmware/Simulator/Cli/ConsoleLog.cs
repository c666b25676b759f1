namespace ShareKey.Simulator.Cli;

/// <summary>Log lines on the console: time, source, text; errors on stderr. Quiet keeps errors only.</summary>
public sealed class ConsoleLog(bool quiet) : ISimulatorLog
{
    private readonly object _gate = new();

    public void Info(string source, string line)
    {
        if (!quiet)
        {
            Write(Console.Out, source, line);
        }
    }

    public void Error(string source, string line, Exception? exception = null) =>
        Write(Console.Error, source, exception is null ? "ERROR " + line : $"ERROR {line}: {exception}");

    private void Write(TextWriter writer, string source, string line)
    {
        lock (_gate)
        {
            writer.WriteLine($"{DateTime.Now:HH:mm:ss.fff} [{source}] {line}");
        }
    }
}
