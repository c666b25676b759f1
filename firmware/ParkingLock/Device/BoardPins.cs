namespace ShareKey.ParkingLock.Device
{
    /// <summary>
    /// Every pin and wiring value the parking lock uses, for an ESP32-WROOM-32 dev board (ESP32-DevKitC
    /// or alike) running the ESP32_BLE_REV0 / ESP32_BLE_REV3 firmware image. README.md has the wiring
    /// table. Outputs avoid the flash pins (6–11), the strapping pins 0, 2 (but for the LED), 5, 12
    /// and 15 and the input-only pins 34–39; the end stops use pins with internal pull-ups; the
    /// battery is on ADC1, because ADC2 cannot be read while Wi-Fi is on.
    /// </summary>
    public static class BoardPins
    {
        /// <summary>H-bridge input 1: high (with input 2 low) drives the barrier up.</summary>
        public const int MotorIn1 = 25;

        /// <summary>H-bridge input 2: high (with input 1 low) drives the barrier down.</summary>
        public const int MotorIn2 = 26;

        /// <summary>Raised end stop: a normally-open switch to GND, read with the pin's pull-up (pressed = low).</summary>
        public const int EndStopRaised = 32;

        /// <summary>Lowered end stop, wired as the raised one.</summary>
        public const int EndStopLowered = 33;

        /// <summary>HC-SR04 TRIG: a 10 µs pulse from the RMT transmitter (3.3 V is above the sensor's input threshold).</summary>
        public const int UltrasonicTrigger = 18;

        /// <summary>HC-SR04 ECHO through the 5 V → 3.3 V divider (<see cref="EchoDividerTopOhms"/> over <see cref="EchoDividerBottomOhms"/>), timed by the RMT receiver.</summary>
        public const int UltrasonicEcho = 19;

        /// <summary>ECHO to the pin: 5 V × 2k / (1k + 2k) = 3.33 V.</summary>
        public const int EchoDividerTopOhms = 1000;

        public const int EchoDividerBottomOhms = 2000;

        /// <summary>ADC1 channel 6 = GPIO 34, the battery divider's middle.</summary>
        public const int BatteryAdcChannel = 6;

        /// <summary>Battery + to the ADC pin: 8.4 V (a full 2S pack) × 33k / (100k + 33k) = 2.08 V, inside the ADC's linear range.</summary>
        public const int BatteryDividerTopOhms = 100000;

        public const int BatteryDividerBottomOhms = 33000;

        /// <summary>
        /// The pin voltage of a full-scale reading (4095) at the 12 dB attenuation the firmware image
        /// sets, uncalibrated: about 3.1 V on most ESP32 modules. Measure one board and adjust.
        /// </summary>
        public const int AdcFullScaleMillivolts = 3100;

        /// <summary>The on-board LED of most ESP32 dev boards.</summary>
        public const int StatusLed = 2;
    }
}
