using ShareKey.Firmware.ParkingLock.Closing;
using ShareKey.Firmware.ParkingLock.Motion;
using ShareKey.Firmware.ParkingLock.Sensing;
using ShareKey.Protocol.Messages;

namespace ShareKey.Firmware.ParkingLock
{
    /// <summary>A snapshot of the lock, for displays, the simulator and tests; taken under the controller's lock.</summary>
    public sealed class ParkingLockStatus
    {
        public ulong DeviceId { get; internal set; }

        public uint ActiveEpoch { get; internal set; }

        public uint BackupEpoch { get; internal set; }

        public uint BulletinSequence { get; internal set; }

        public uint DeviceTime { get; internal set; }

        /// <summary>Counted uses per key, as a KeyReport would carry them.</summary>
        public KeyUse[] Uses { get; internal set; }

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

        /// <summary>Events logged and not yet confirmed delivered.</summary>
        public int EventsQueued { get; internal set; }

        public bool Online { get; internal set; }
    }
}
