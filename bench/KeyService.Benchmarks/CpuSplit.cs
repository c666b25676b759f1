using System.Diagnostics;

namespace ShareKey.KeyService.Benchmarks;

/// <summary>
/// CPU time spent in one phase by the service's own process and by this one (the simulated
/// devices, their MQTT connections and the HTTP client), so the service's cost per rotation or
/// per key is not confused with the simulation's or the client's on the same cores.
/// </summary>
public sealed class CpuSplit
{
    private readonly Process _service;
    private readonly TimeSpan _serviceStart;
    private readonly TimeSpan _benchStart;
    private readonly Stopwatch _wall = Stopwatch.StartNew();

    public CpuSplit(int serviceProcessId)
    {
        _service = Process.GetProcessById(serviceProcessId);
        _serviceStart = _service.TotalProcessorTime;
        _benchStart = Process.GetCurrentProcess().TotalProcessorTime;
    }

    public string Line(int rotations) => Line(rotations, "rotation", "bench and simulated devices");

    /// <param name="count">How many of <paramref name="unit"/> the phase did.</param>
    /// <param name="bench">What this process was doing, for the line.</param>
    public string Line(int count, string unit, string bench)
    {
        _service.Refresh();
        var service = _service.TotalProcessorTime - _serviceStart;
        var own = Process.GetCurrentProcess().TotalProcessorTime - _benchStart;
        var cores = (service + own).TotalSeconds / _wall.Elapsed.TotalSeconds;
        return $"CPU: service {service.TotalSeconds:F1} s ({service.TotalMilliseconds / Math.Max(1, count):F2} ms per {unit}), "
            + $"{bench} {own.TotalSeconds:F1} s ({own.TotalMilliseconds / Math.Max(1, count):F2} ms per {unit}); "
            + $"{cores:F2} of {Environment.ProcessorCount} cores busy with the two over {_wall.Elapsed.TotalSeconds:F1} s";
    }
}
