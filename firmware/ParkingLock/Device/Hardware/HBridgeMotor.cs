using System.Device.Gpio;
using ShareKey.Firmware.ParkingLock.Hardware;

namespace ShareKey.ParkingLock.Device.Hardware
{
    /// <summary>
    /// The barrier motor behind a two-input H-bridge (IN1/IN2: 10 forward, 01 reverse, 00 coast).
    /// Each call drives the input that goes low first, so the bridge never sees both inputs high
    /// (brake, and on some bridges a short through one leg).
    /// </summary>
    public sealed class HBridgeMotor : IBarrierMotor
    {
        private readonly GpioPin _up;
        private readonly GpioPin _down;

        public HBridgeMotor(GpioController gpio, int in1Pin, int in2Pin)
        {
            _up = gpio.OpenPin(in1Pin, PinMode.Output);
            _down = gpio.OpenPin(in2Pin, PinMode.Output);
            Stop();
        }

        public void Raise()
        {
            _down.Write(PinValue.Low);
            _up.Write(PinValue.High);
        }

        public void Lower()
        {
            _up.Write(PinValue.Low);
            _down.Write(PinValue.High);
        }

        public void Stop()
        {
            _up.Write(PinValue.Low);
            _down.Write(PinValue.Low);
        }
    }
}
