using System;
using nanoFramework.Hardware.Esp32.Rmt;

namespace ShareKey.ParkingLock.Device.Hardware
{
    /// <summary>
    /// The HC-SR04 under the barrier, timed by the ESP32's RMT peripheral rather than by managed code
    /// (a managed loop cannot time microseconds): the transmitter sends the 10 µs trigger pulse, the
    /// receiver records the echo pulse in 1 µs ticks. The echo pin sees the sensor's 5 V through a
    /// divider (BoardPins).
    /// </summary>
    public sealed class Hcsr04Sensor
    {
        /// <summary>RMT ticks of 1 µs (the 80 MHz APB clock divided by 80).</summary>
        private const byte MicrosecondTicks = 80;

        private const ushort TriggerMicroseconds = 10;

        /// <summary>An echo this long is the sensor's own time-out (about 38 ms): nothing within its ~4 m range.</summary>
        private const int NoEchoMicroseconds = 30000;

        /// <summary>The receiver goes idle (the measurement is complete) this long after the last edge.</summary>
        private const ushort IdleMicroseconds = 40000;

        /// <summary>Pulses shorter than this are noise on the echo wire (an echo of 100 µs would be 17 mm, below the sensor's range).</summary>
        private const byte NoiseTicks = 100;

        private const int ReceiveTimeoutMilliseconds = 60;

        private readonly TransmitterChannel _trigger;
        private readonly ReceiverChannel _echo;

        public Hcsr04Sensor(int triggerPin, int echoPin)
        {
            TransmitChannelSettings trigger = new TransmitChannelSettings(triggerPin);
            trigger.ClockDivider = MicrosecondTicks;
            trigger.EnableIdleLevelOutput = true;
            trigger.IdleLevel = false;
            _trigger = new TransmitterChannel(trigger);
            _trigger.AddCommand(new RmtCommand(TriggerMicroseconds, true, TriggerMicroseconds, false));

            ReceiverChannelSettings echo = new ReceiverChannelSettings(echoPin);
            echo.ClockDivider = MicrosecondTicks;
            echo.EnableFilter = true;
            echo.FilterThreshold = NoiseTicks;
            echo.IdleThreshold = IdleMicroseconds;
            echo.ReceiveTimeout = TimeSpan.FromMilliseconds(ReceiveTimeoutMilliseconds);
            _echo = new ReceiverChannel(echo);
        }

        /// <summary>One measurement (blocks up to ~60 ms): millimetres to the nearest echo, 0 when none came back.</summary>
        public int MeasureMillimetres()
        {
            _echo.Start(true);
            _trigger.Send(true);
            RmtCommand[] items = _echo.GetAllItems();
            _echo.Stop();
            int width = EchoWidth(items);
            if (width <= 0 || width >= NoEchoMicroseconds)
            {
                return 0;
            }

            // Sound at 20 °C: 343 m/s, there and back: mm = µs × 0.343 / 2.
            return width * 343 / 2000;
        }

        /// <summary>The first high level the receiver recorded, in µs; 0 when there was none.</summary>
        private static int EchoWidth(RmtCommand[] items)
        {
            foreach (RmtCommand item in items)
            {
                if (item.Level0)
                {
                    return item.Duration0;
                }

                if (item.Level1)
                {
                    return item.Duration1;
                }
            }

            return 0;
        }
    }
}
