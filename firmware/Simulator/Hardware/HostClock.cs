using System.Diagnostics;
using ShareKey.Firmware.ParkingLock.Hardware;

namespace ShareKey.Simulator.Hardware;

/// <summary>Time since this simulated board booted, from the host's monotonic timestamp: whole seconds (key state) and milliseconds (the lock's motor and sensor).</summary>
public sealed class HostClock : ILockClock
{
    private readonly long _bootedAt = Stopwatch.GetTimestamp();

    public uint UptimeSeconds => (uint)Stopwatch.GetElapsedTime(_bootedAt).TotalSeconds;

    public uint UptimeMilliseconds => (uint)(long)Stopwatch.GetElapsedTime(_bootedAt).TotalMilliseconds;
}
