using ShareKey.Firmware.Diagnostics;
using ShareKey.Firmware.Events;
using ShareKey.Firmware.ParkingLock.Hardware;
using ShareKey.Firmware.ParkingLock.Motion;
using ShareKey.Firmware.State;
using ShareKey.Firmware.Storage;
using ShareKey.Firmware.Uplink;
using ShareKey.Protocol.Crypto;

namespace ShareKey.Firmware.ParkingLock
{
    /// <summary>
    /// Everything the parking lock's logic needs from the board, handed to
    /// <see cref="ParkingLockController"/> once at boot: the device layer fills it with the real
    /// parts, the simulator and the tests with host ones. Every part must be set. Four flash
    /// records, each a pair of slots, at least as large as the constants below.
    /// </summary>
    public sealed class ParkingLockParts
    {
        /// <summary>Slot size for the key state (<see cref="DeviceKeyState"/>).</summary>
        public const int StateSlotBytes = DurableRecord.Overhead + DeviceKeyState.MaxSavedLength;

        /// <summary>Slot size for the event ring (<see cref="EventLog"/>).</summary>
        public const int EventSlotBytes = DurableRecord.Overhead + EventLog.MaxSavedLength;

        /// <summary>Slot size for the uplink message-id reservation (<see cref="UplinkIds"/>).</summary>
        public const int UplinkIdSlotBytes = DurableRecord.Overhead + UplinkIds.SavedLength;

        /// <summary>Slot size for the barrier's target (<see cref="BarrierRecord"/>).</summary>
        public const int BarrierSlotBytes = DurableRecord.Overhead + BarrierRecord.SavedLength;

        /// <summary>HMAC, AES and the hardware RNG.</summary>
        public ICryptoProvider Crypto { get; set; }

        /// <summary>Uptime in seconds (key state, retries) and milliseconds (motor, sensor, auto-close).</summary>
        public ILockClock Clock { get; set; }

        public IFlashSlots StateFlash { get; set; }

        public IFlashSlots EventFlash { get; set; }

        public IFlashSlots UplinkIdFlash { get; set; }

        public IFlashSlots BarrierFlash { get; set; }

        public IBarrierMotor Motor { get; set; }

        public IEndStops EndStops { get; set; }

        public IUplink Uplink { get; set; }

        public IDeviceLog Log { get; set; }

        /// <summary>Timings and thresholds; checked when the controller is built.</summary>
        public LockSettings Settings { get; set; }

        /// <summary>True on a radio that cannot measure a connected phone's signal: no proximity gate (as on the T-BOX).</summary>
        public bool ConnectionRssiUnavailable { get; set; }
    }
}
