using ShareKey.Firmware.Diagnostics;
using ShareKey.Firmware.Events;
using ShareKey.Firmware.State;
using ShareKey.Firmware.Storage;
using ShareKey.Firmware.Uplink;
using ShareKey.Protocol.Crypto;

namespace ShareKey.Firmware.Board
{
    /// <summary>
    /// What the shared core of every board needs from it: crypto, the key state's, event ring's and
    /// uplink ids' flash records (each a pair of slots at least as large as the constants below),
    /// the uplink and the log. Each board's parts class adds its clock and its own hardware; the
    /// device layer fills it with the real parts, the simulator and the tests with host ones.
    /// Every part must be set.
    /// </summary>
    public abstract class CoreParts
    {
        /// <summary>Slot size for the key state (<see cref="DeviceKeyState"/>).</summary>
        public const int StateSlotBytes = DurableRecord.Overhead + DeviceKeyState.MaxSavedLength;

        /// <summary>Slot size for the event ring (<see cref="EventLog"/>).</summary>
        public const int EventSlotBytes = DurableRecord.Overhead + EventLog.MaxSavedLength;

        /// <summary>Slot size for the uplink message-id reservation (<see cref="UplinkIds"/>).</summary>
        public const int UplinkIdSlotBytes = DurableRecord.Overhead + UplinkIds.SavedLength;

        /// <summary>HMAC, AES and the hardware RNG.</summary>
        public ICryptoProvider Crypto { get; set; }

        public IFlashSlots StateFlash { get; set; }

        public IFlashSlots EventFlash { get; set; }

        public IFlashSlots UplinkIdFlash { get; set; }

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
