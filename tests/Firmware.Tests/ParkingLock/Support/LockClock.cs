using ShareKey.Firmware.ParkingLock.Hardware;

namespace ShareKey.Firmware.Tests.ParkingLock.Support;

/// <summary>Uptime in milliseconds that moves only when a test says so; seconds are derived from it as on the board.</summary>
public sealed class LockClock : ILockClock
{
    public uint UptimeMilliseconds { get; set; }

    public uint UptimeSeconds => UptimeMilliseconds / 1000;
}
