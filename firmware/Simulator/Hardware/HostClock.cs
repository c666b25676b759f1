using System.Diagnostics;
using ShareKey.Firmware.State;

namespace ShareKey.Simulator.Hardware;

/// <summary>Whole seconds since this simulated board booted, from the host's monotonic timestamp.</summary>
public sealed class HostClock : IClock
{
    private readonly long _bootedAt = Stopwatch.GetTimestamp();

    public uint UptimeSeconds => (uint)Stopwatch.GetElapsedTime(_bootedAt).TotalSeconds;
}
