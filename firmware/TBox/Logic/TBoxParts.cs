using ShareKey.Firmware.Diagnostics;
using ShareKey.Firmware.Events;
using ShareKey.Firmware.State;
using ShareKey.Firmware.Storage;
using ShareKey.Firmware.TBox.Hardware;
using ShareKey.Firmware.Uplink;
using ShareKey.Protocol.Crypto;

namespace ShareKey.Firmware.TBox
{
    /// <summary>
    /// Everything the T-BOX logic needs from the board, handed to <see cref="TBoxController"/> once
    /// at boot: the device layer (nanoFramework) fills it with the real parts, the simulator and
    /// the tests with host ones. Every part must be set. Four flash records, each a pair of slots
    /// (two files on the board), at least as large as the constants below.
    /// </summary>
    public sealed class TBoxParts
    {
        /// <summary>Slot size for the key state (<see cref="DeviceKeyState"/>).</summary>
        public const int StateSlotBytes = DurableRecord.Overhead + DeviceKeyState.MaxSavedLength;

        /// <summary>Slot size for the event ring (<see cref="EventLog"/>).</summary>
        public const int EventSlotBytes = DurableRecord.Overhead + EventLog.MaxSavedLength;

        /// <summary>Slot size for the uplink message-id reservation (<see cref="UplinkIds"/>).</summary>
        public const int UplinkIdSlotBytes = DurableRecord.Overhead + UplinkIds.SavedLength;

        /// <summary>Slot size for the vehicle record (<see cref="Vehicle.VehicleRecord"/>: VIN binding, remote immobiliser hold).</summary>
        public const int VehicleSlotBytes = DurableRecord.Overhead + Vehicle.VehicleRecord.MaxSavedLength;

        /// <summary>HMAC, AES and the hardware RNG.</summary>
        public ICryptoProvider Crypto { get; set; }

        /// <summary>Seconds since boot; also paces every retry of the logic.</summary>
        public IClock Uptime { get; set; }

        public IFlashSlots StateFlash { get; set; }

        public IFlashSlots EventFlash { get; set; }

        public IFlashSlots UplinkIdFlash { get; set; }

        public IFlashSlots VehicleFlash { get; set; }

        public IRelays Relays { get; set; }

        public IPepsModule Peps { get; set; }

        public IModem Modem { get; set; }

        public IUplink Uplink { get; set; }

        public IDeviceLog Log { get; set; }

        /// <summary>
        /// True on a radio that cannot measure a connected phone's signal (nanoFramework's GATT server
        /// reports no RSSI): the proximity gate is then off, and the board says so at boot. The gate is
        /// a convenience, not the security boundary (see ProximityFilter); commands stay single-use,
        /// MAC'd and rate-limited either way.
        /// </summary>
        public bool ConnectionRssiUnavailable { get; set; }
    }
}
