using ShareKey.Firmware.Board;
using ShareKey.Firmware.ParkingLock.Hardware;
using ShareKey.Firmware.ParkingLock.Motion;
using ShareKey.Firmware.Storage;

namespace ShareKey.Firmware.ParkingLock
{
    /// <summary>
    /// Everything the parking lock's logic needs from the board, handed to
    /// <see cref="ParkingLockController"/> once at boot: the core's parts (<see cref="CoreParts"/>)
    /// plus the millisecond clock, the barrier's record, motor and end stops, and the settings.
    /// Every part must be set.
    /// </summary>
    public sealed class ParkingLockParts : CoreParts
    {
        /// <summary>Slot size for the barrier's target (<see cref="BarrierRecord"/>).</summary>
        public const int BarrierSlotBytes = DurableRecord.Overhead + BarrierRecord.SavedLength;

        /// <summary>Uptime in seconds (key state, retries) and milliseconds (motor, sensor, auto-close).</summary>
        public ILockClock Clock { get; set; }

        public IFlashSlots BarrierFlash { get; set; }

        public IBarrierMotor Motor { get; set; }

        public IEndStops EndStops { get; set; }

        /// <summary>Timings and thresholds; checked when the controller is built.</summary>
        public LockSettings Settings { get; set; }
    }
}
