using ShareKey.Simulator;

namespace ShareKey.KeyService.Benchmarks;

/// <summary>Swallows the simulated devices' chatter but counts and shows their errors: a benchmark with failing devices measures nothing.</summary>
public sealed class QuietLog(TextWriter output) : ISimulatorLog
{
    private int _errors;

    public int Errors => Volatile.Read(ref _errors);

    public void Info(string source, string line)
    {
    }

    public void Error(string source, string line, Exception? exception = null)
    {
        if (Interlocked.Increment(ref _errors) <= 5)
        {
            output.WriteLine($"  device error {source}: {line} {exception?.Message}");
        }
    }
}
