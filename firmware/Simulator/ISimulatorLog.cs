namespace ShareKey.Simulator;

/// <summary>
/// Where simulated devices report: each line names its source (the device, or the simulator).
/// Errors are the simulator's or a device's own failures — tests fail on them; everything a
/// device would print on its debug output is information.
/// </summary>
public interface ISimulatorLog
{
    void Info(string source, string line);

    void Error(string source, string line, Exception? exception = null);
}
