using ShareKey.Firmware.Board;
using ShareKey.Firmware.ParkingLock.Closing;
using ShareKey.Firmware.ParkingLock.Motion;
using ShareKey.Firmware.ParkingLock.Sensing;

namespace ShareKey.Firmware.ParkingLock
{
    /// <summary>A snapshot of the lock: the core's (<see cref="BoardStatus"/>) and the barrier, the space and the battery.</summary>
    public sealed class ParkingLockStatus : BoardStatus
    {
        public BarrierPosition Position { get; internal set; }

        /// <summary>Where the last motion was sent (saved on flash).</summary>
        public BarrierPosition Target { get; internal set; }

        public Occupancy Occupancy { get; internal set; }

        /// <summary>The last distance reading (mm; 0 no echo; -1 none yet).</summary>
        public int DistanceMm { get; internal set; }

        /// <summary>State of charge in percent; -1 unknown (mains, or no reading yet).</summary>
        public int BatteryPercent { get; internal set; }

        public AutoClosePhase AutoClose { get; internal set; }

        /// <summary>A motion failed (or the end stops disagree): automatic motions wait for a command.</summary>
        public bool MotorFault { get; internal set; }
    }
}
