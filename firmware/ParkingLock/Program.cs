using System;
using System.Device.Gpio;
using System.Threading;
using ShareKey.Firmware.Board;
using ShareKey.Firmware.Configuration;
using ShareKey.Firmware.Device.Boot;
using ShareKey.Firmware.Device.Mqtt;
using ShareKey.Firmware.Device.Platform;
using ShareKey.Firmware.ParkingLock;
using ShareKey.ParkingLock.Device;
using ShareKey.ParkingLock.Device.Boot;
using ShareKey.ParkingLock.Device.Hardware;

namespace ShareKey.ParkingLock
{
    /// <summary>
    /// The parking lock firmware: the shared board runtime (configuration file → controller → BLE →
    /// Wi-Fi and MQTT) around the lock's hardware, then a 100 ms loop: the controller's tick, a
    /// distance reading every sample interval, a battery reading at boot and every minute. End-stop
    /// changes reach the controller from their interrupt as they happen.
    /// </summary>
    public static class Program
    {
        private const int TickMilliseconds = 100;
        private const int BatteryMilliseconds = 60000;

        private static readonly ConsoleLog Log = new ConsoleLog();
        private static readonly GpioController Gpio = new GpioController();
        private static LockHardware _hardware;
        private static ParkingLockController _lock;
        private static uint _lastSample;
        private static uint _lastBattery;
        private static bool _batteryRead;

        public static void Main()
        {
            BoardRuntime board = new BoardRuntime(Log, Gpio, BoardPins.StatusLed);
            if (!board.Boot(Build))
            {
                return;
            }

            _hardware.EndStops.Watch(_lock);
            board.StartCloud();
            while (true)
            {
                Thread.Sleep(TickMilliseconds);
                board.Tick();
                try
                {
                    Sense(_hardware.Clock.UptimeMilliseconds);
                }
                catch (Exception error)
                {
                    BoardFault.Reboot(Log, "sensing", error);
                }
            }
        }

        private static BoardController Build(BoardConfig config, MqttUplink uplink)
        {
            _hardware = new LockHardware(Gpio);
            _lock = new ParkingLockController(config, _hardware.Parts(uplink, Log));
            return _lock;
        }

        /// <summary>The readings that are due, handed to the controller; a lock without a battery divider (mains) reports none.</summary>
        private static void Sense(uint now)
        {
            if (now - _lastSample >= (uint)_hardware.Settings.SampleIntervalMs)
            {
                _lastSample = now;
                _lock.DistanceMeasured(_hardware.Distance.MeasureMillimetres());
            }

            if (!_batteryRead || now - _lastBattery >= BatteryMilliseconds)
            {
                _batteryRead = true;
                _lastBattery = now;
                int millivolts = _hardware.Battery.ReadMillivolts();
                if (millivolts >= AdcBattery.NoBatteryMillivolts)
                {
                    _lock.BatteryMeasured(millivolts);
                }
            }
        }
    }
}
