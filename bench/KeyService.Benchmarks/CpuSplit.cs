using System.Diagnostics;

namespace ShareKey.KeyService.Benchmarks;

/// <summary>
/// CPU time spent in one phase by the service's own process and by this one (the simulated
/// devices, their MQTT connections and the HTTP client), so the service's cost per rotation or
/// per key is not confused with the simulation's or the client's on the same cores. Of the
/// service's, the part its tiered-compilation threads took is told apart: the JIT compiling code
/// still new to it is a cost of the run's start, not of each rotation or key.
/// </summary>
public sealed class CpuSplit
{
    // USER_HZ: /proc reports thread times in these ticks, 100 a second on every Linux architecture .NET runs on.
    private const double TicksPerSecond = 100;

    private readonly Process _service;
    private readonly TimeSpan _serviceStart;
    private readonly IReadOnlyDictionary<int, long> _jitStart;
    private readonly TimeSpan _benchStart;
    private readonly Stopwatch _wall = Stopwatch.StartNew();

    public CpuSplit(int serviceProcessId)
    {
        _service = Process.GetProcessById(serviceProcessId);
        _serviceStart = _service.TotalProcessorTime;
        _jitStart = JitTicks(serviceProcessId);
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
        var jit = Jit;
        var cores = (service + own).TotalSeconds / _wall.Elapsed.TotalSeconds;
        return $"CPU: service {service.TotalSeconds:F1} s ({service.TotalMilliseconds / Math.Max(1, count):F2} ms per {unit}; "
            + $"its tiered JIT {jit.TotalSeconds:F2} s, the rest {(service - jit).TotalMilliseconds / Math.Max(1, count):F2} ms per {unit}), "
            + $"{bench} {own.TotalSeconds:F1} s ({own.TotalMilliseconds / Math.Max(1, count):F2} ms per {unit}); "
            + $"{cores:F2} of {Environment.ProcessorCount} cores busy with the two over {_wall.Elapsed.TotalSeconds:F1} s";
    }

    /// <summary>
    /// CPU time the service's tiered-compilation threads took since this split began; a thread that
    /// ended meanwhile took its time with it, so at least this much.
    /// </summary>
    public TimeSpan Jit => TimeSpan.FromSeconds(JitTicks(_service.Id).Sum(thread => thread.Value - _jitStart.GetValueOrDefault(thread.Key)) / TicksPerSecond);

    /// <summary>User and system ticks of each of the process's tiered-compilation threads (".NET Tiered Compilation Worker", cut to 15 characters), by thread id.</summary>
    private static Dictionary<int, long> JitTicks(int processId)
    {
        var ticks = new Dictionary<int, long>();
        foreach (var task in Directory.EnumerateDirectories($"/proc/{processId}/task"))
        {
            string stat;
            try
            {
                stat = File.ReadAllText(Path.Combine(task, "stat"));
            }
            catch (IOException)
            {
                continue; // The thread ended meanwhile.
            }

            // pid (comm) state ... : the name may hold spaces, so the fields are counted from the last ')'.
            var open = stat.IndexOf('(', StringComparison.Ordinal);
            var close = stat.LastIndexOf(')');
            if (!stat[(open + 1)..close].StartsWith(".NET Tiered Com", StringComparison.Ordinal))
            {
                continue;
            }

            var fields = stat[(close + 2)..].Split(' ');
            // Fields 14 and 15 of the line (utime, stime) are the 12th and 13th after the name.
            ticks[int.Parse(Path.GetFileName(task), System.Globalization.CultureInfo.InvariantCulture)] =
                long.Parse(fields[11], System.Globalization.CultureInfo.InvariantCulture) + long.Parse(fields[12], System.Globalization.CultureInfo.InvariantCulture);
        }

        return ticks;
    }
}
