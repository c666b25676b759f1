using nanoFramework.Hardware.Esp32;

namespace ShareKey.TBox.Device
{
    /// <summary>
    /// Every pin the T-BOX uses, for an ESP32-WROOM-32 dev board (ESP32-DevKitC or alike) running the
    /// ESP32_BLE_REV0 / ESP32_BLE_REV3 firmware image. README.md has the wiring table. The choice
    /// avoids the flash pins (6–11), the strapping pins 0, 5, 12 and 15, and the input-only pins
    /// 34–39 for outputs; UART0 (COM1) stays with nanoFramework's debugger.
    /// </summary>
    public static class BoardPins
    {
        /// <summary>Pulse output to the central locking's "lock" input (through a relay).</summary>
        public const int DoorLockRelay = 25;

        /// <summary>Pulse output to the central locking's "unlock" input (through a relay).</summary>
        public const int DoorUnlockRelay = 26;

        /// <summary>Level output: high while the immobiliser is engaged (through a relay).</summary>
        public const int ImmobiliserRelay = 27;

        /// <summary>Level output: high while the charge-inlet lock holds the cable (through a relay to the inlet's lock actuator).</summary>
        public const int ChargeInletRelay = 4;

        /// <summary>The on-board LED of most ESP32 dev boards.</summary>
        public const int StatusLed = 2;

        /// <summary>UART towards the PEPS module's gateway: ESP32 UART1, which nanoFramework names COM2.</summary>
        public const string PepsPort = "COM2";

        public const int PepsTx = 17;

        public const int PepsRx = 16;

        public const DeviceFunction PepsTxFunction = DeviceFunction.COM2_TX;

        public const DeviceFunction PepsRxFunction = DeviceFunction.COM2_RX;

        /// <summary>UART towards the cellular modem's AT port: ESP32 UART2, which nanoFramework names COM3.</summary>
        public const string ModemPort = "COM3";

        public const int ModemTx = 32;

        public const int ModemRx = 33;

        public const DeviceFunction ModemTxFunction = DeviceFunction.COM3_TX;

        public const DeviceFunction ModemRxFunction = DeviceFunction.COM3_RX;
    }
}
