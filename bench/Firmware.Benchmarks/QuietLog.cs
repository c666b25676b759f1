using ShareKey.Simulator;

namespace ShareKey.Firmware.Benchmarks;

/// <summary>The simulated car's log: its per-command lines are dropped (printing them would be most of the round trip); errors are printed and counted, and fail the run.</summary>
public sealed class QuietLog(TextWriter output) : ISimulatorLog
{
    private int _errors;

    public int Errors => Volatile.Read(ref _errors);

    public void Info(string source, string line)
    {
    }

    public void Error(string source, string line, Exception? exception = null)
    {
        Interlocked.Increment(ref _errors);
        lock (output)
        {
            output.WriteLine($"  error [{source}] {line} {exception?.Message}");
        }
    }
}
