using System.Device.Gpio;
using ShareKey.Firmware.Diagnostics;
using ShareKey.Firmware.TBox;
using ShareKey.Firmware.Uplink;
using ShareKey.Protocol.Crypto;
using ShareKey.Firmware.Device.Platform;
using ShareKey.Firmware.Device.Storage;
using ShareKey.TBox.Device.Hardware;

namespace ShareKey.TBox.Device.Boot
{
    /// <summary>The board's implementation of every seam the T-BOX logic needs (<see cref="TBoxParts"/>), wired to <see cref="BoardPins"/> and <see cref="BoardFiles"/>.</summary>
    public static class BoardParts
    {
        /// <summary>The T-BOX's own record (<see cref="Firmware.TBox.Vehicle.VehicleRecord"/>), beside the shared core's <see cref="BoardFiles"/>.</summary>
        public const string VehicleFile = "I:\\vehicle";

        public static TBoxParts Create(GpioController gpio, IUplink uplink, IDeviceLog log)
        {
            TBoxParts parts = new TBoxParts();
            parts.Crypto = new NanoCryptoProvider();
            parts.Uptime = new TickClock();
            parts.StateFlash = new FileFlashSlots(BoardFiles.KeyState, TBoxParts.StateSlotBytes);
            parts.EventFlash = new FileFlashSlots(BoardFiles.Events, TBoxParts.EventSlotBytes);
            parts.UplinkIdFlash = new FileFlashSlots(BoardFiles.UplinkIds, TBoxParts.UplinkIdSlotBytes);
            parts.VehicleFlash = new FileFlashSlots(VehicleFile, TBoxParts.VehicleSlotBytes);
            parts.Relays = new GpioRelays(gpio, BoardPins.DoorLockRelay, BoardPins.DoorUnlockRelay, BoardPins.ImmobiliserRelay, BoardPins.ChargeInletRelay);
            parts.Peps = new UartPepsModule(new SerialLine(BoardPins.PepsPort, UartPepsModule.BaudRate,
                BoardPins.PepsTx, BoardPins.PepsTxFunction, BoardPins.PepsRx, BoardPins.PepsRxFunction, UartPepsModule.RequestEnd));
            parts.Modem = new AtModem(new SerialLine(BoardPins.ModemPort, AtModem.BaudRate,
                BoardPins.ModemTx, BoardPins.ModemTxFunction, BoardPins.ModemRx, BoardPins.ModemRxFunction, AtModem.RequestEnd));
            parts.Uplink = uplink;
            parts.Log = log;

            // nanoFramework.Device.Bluetooth 1.1.123 gives a GATT server no RSSI of its connected
            // phone (only a scanning watcher sees RSSI, and it cannot run beside the server).
            parts.ConnectionRssiUnavailable = true;
            return parts;
        }
    }
}
