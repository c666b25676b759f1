using ShareKey.Firmware.Device.Platform;
using ShareKey.Firmware.ParkingLock.Hardware;

namespace ShareKey.ParkingLock.Device.Platform
{
    /// <summary>The shared tick clock (seconds and milliseconds from one counter) as the lock logic's millisecond clock seam.</summary>
    public sealed class LockTickClock : ILockClock
    {
        private readonly TickClock _ticks = new TickClock();

        public uint UptimeSeconds
        {
            get { return _ticks.UptimeSeconds; }
        }

        public uint UptimeMilliseconds
        {
            get { return _ticks.UptimeMilliseconds; }
        }
    }
}
