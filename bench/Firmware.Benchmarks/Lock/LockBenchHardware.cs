using ShareKey.Firmware.Diagnostics;
using ShareKey.Firmware.ParkingLock.Hardware;

namespace ShareKey.Firmware.Benchmarks.Lock;

/// <summary>
/// The lock side of the benchmark board: a clock the benchmark moves, an arm that reaches the end
/// stop it is driven to at once (the board learns it at its next <c>EndStopChanged</c>, as from the
/// interrupt), and a device log that drops its lines.
/// </summary>
public sealed class LockBenchHardware : ILockClock, IBarrierMotor, IEndStops, IDeviceLog
{
    public uint UptimeMilliseconds { get; private set; }

    public uint UptimeSeconds => UptimeMilliseconds / 1000;

    public bool IsRaised { get; private set; } = true;

    public bool IsLowered { get; private set; }

    public void Advance(uint milliseconds) => UptimeMilliseconds += milliseconds;

    public void Raise()
    {
        IsRaised = true;
        IsLowered = false;
    }

    public void Lower()
    {
        IsRaised = false;
        IsLowered = true;
    }

    public void Stop()
    {
    }

    public void Write(string line)
    {
    }
}
