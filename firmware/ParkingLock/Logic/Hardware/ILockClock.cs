using ShareKey.Firmware.State;

namespace ShareKey.Firmware.ParkingLock.Hardware
{
    /// <summary>
    /// The board's tick source at millisecond grain: the motor, the end stops and the occupancy
    /// filter need finer time than the key state's whole seconds. Both readings come from the same
    /// counter; durations are unsigned differences, so the 49-day wrap of the milliseconds is harmless.
    /// </summary>
    public interface ILockClock : IClock
    {
        uint UptimeMilliseconds { get; }
    }
}
