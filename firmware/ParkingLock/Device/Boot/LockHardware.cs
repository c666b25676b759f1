using System.Device.Gpio;
using ShareKey.Firmware.Device.Storage;
using ShareKey.Firmware.Diagnostics;
using ShareKey.Firmware.ParkingLock;
using ShareKey.Firmware.Uplink;
using ShareKey.ParkingLock.Device.Hardware;
using ShareKey.ParkingLock.Device.Platform;
using ShareKey.Protocol.Crypto;

namespace ShareKey.ParkingLock.Device.Boot
{
    /// <summary>
    /// The lock's hardware, opened on <see cref="BoardPins"/>: the parts the logic drives (motor, end
    /// stops, clock, flash files: <see cref="Parts"/>) and the two sensors the firmware reads for it.
    /// </summary>
    public sealed class LockHardware
    {
        /// <summary>The lock's own record (<see cref="Firmware.ParkingLock.Motion.BarrierRecord"/>), beside the shared core's <see cref="BoardFiles"/>.</summary>
        public const string BarrierFile = "I:\\barrier";

        public LockHardware(GpioController gpio)
        {
            Motor = new HBridgeMotor(gpio, BoardPins.MotorIn1, BoardPins.MotorIn2);
            EndStops = new GpioEndStops(gpio, BoardPins.EndStopRaised, BoardPins.EndStopLowered);
            Distance = new Hcsr04Sensor(BoardPins.UltrasonicTrigger, BoardPins.UltrasonicEcho);
            Battery = new AdcBattery(BoardPins.BatteryAdcChannel, BoardPins.AdcFullScaleMillivolts,
                BoardPins.BatteryDividerTopOhms, BoardPins.BatteryDividerBottomOhms);
            Clock = new LockTickClock();
            Settings = new LockSettings();
        }

        public HBridgeMotor Motor { get; }

        public GpioEndStops EndStops { get; }

        public Hcsr04Sensor Distance { get; }

        public AdcBattery Battery { get; }

        public LockTickClock Clock { get; }

        /// <summary>The lock's timings and thresholds: the logic's defaults.</summary>
        public LockSettings Settings { get; }

        /// <summary>Every seam the lock logic needs (<see cref="ParkingLockParts"/>).</summary>
        public ParkingLockParts Parts(IUplink uplink, IDeviceLog log)
        {
            ParkingLockParts parts = new ParkingLockParts();
            parts.Crypto = new NanoCryptoProvider();
            parts.Clock = Clock;
            parts.StateFlash = new FileFlashSlots(BoardFiles.KeyState, ParkingLockParts.StateSlotBytes);
            parts.EventFlash = new FileFlashSlots(BoardFiles.Events, ParkingLockParts.EventSlotBytes);
            parts.UplinkIdFlash = new FileFlashSlots(BoardFiles.UplinkIds, ParkingLockParts.UplinkIdSlotBytes);
            parts.BarrierFlash = new FileFlashSlots(BarrierFile, ParkingLockParts.BarrierSlotBytes);
            parts.Motor = Motor;
            parts.EndStops = EndStops;
            parts.Uplink = uplink;
            parts.Log = log;
            parts.Settings = Settings;

            // As on the T-BOX: nanoFramework's GATT server reports no RSSI of its connected phone.
            parts.ConnectionRssiUnavailable = true;
            return parts;
        }
    }
}
