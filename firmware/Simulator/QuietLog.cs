namespace ShareKey.Simulator;

/// <summary>
/// For fleets and benchmarks: drops the cars' per-message lines (printing them would cost more than
/// the work measured) but counts every error and prints the first few — a run with failing cars
/// measures nothing, so callers check <see cref="Errors"/>.
/// </summary>
public sealed class QuietLog(TextWriter output, int errorsShown = 5) : ISimulatorLog
{
    private int _errors;

    public int Errors => Volatile.Read(ref _errors);

    public void Info(string source, string line)
    {
    }

    public void Error(string source, string line, Exception? exception = null)
    {
        if (Interlocked.Increment(ref _errors) <= errorsShown)
        {
            lock (output)
            {
                output.WriteLine($"  error [{source}] {line} {exception?.Message}");
            }
        }
    }
}
