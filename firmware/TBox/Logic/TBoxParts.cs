using ShareKey.Firmware.Board;
using ShareKey.Firmware.State;
using ShareKey.Firmware.Storage;
using ShareKey.Firmware.TBox.Hardware;

namespace ShareKey.Firmware.TBox
{
    /// <summary>
    /// Everything the T-BOX logic needs from the board, handed to <see cref="TBoxController"/> once
    /// at boot: the core's parts (<see cref="CoreParts"/>) plus the clock, the vehicle record and the
    /// car's hardware. Every part must be set.
    /// </summary>
    public sealed class TBoxParts : CoreParts
    {
        /// <summary>Slot size for the vehicle record (<see cref="Vehicle.VehicleRecord"/>: VIN binding, remote immobiliser hold).</summary>
        public const int VehicleSlotBytes = DurableRecord.Overhead + Vehicle.VehicleRecord.MaxSavedLength;

        /// <summary>Seconds since boot; also paces every retry of the logic.</summary>
        public IClock Uptime { get; set; }

        public IFlashSlots VehicleFlash { get; set; }

        public IRelays Relays { get; set; }

        public IPepsModule Peps { get; set; }

        public IModem Modem { get; set; }
    }
}
