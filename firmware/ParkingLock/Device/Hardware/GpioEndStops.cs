using System;
using System.Device.Gpio;
using ShareKey.Firmware.ParkingLock;
using ShareKey.Firmware.ParkingLock.Hardware;

namespace ShareKey.ParkingLock.Device.Hardware
{
    /// <summary>
    /// The two limit switches, normally open to GND on pull-up inputs: pressed reads low. A broken
    /// wire reads "not pressed", which the logic sees as a motion that never ends (a motor fault),
    /// never as a barrier that arrived. Every change of either input calls the controller.
    /// </summary>
    public sealed class GpioEndStops : IEndStops
    {
        /// <summary>The native debounce: contact bounce is shorter; the logic confirms a forced barrier over a longer time itself.</summary>
        private const int DebounceMilliseconds = 10;

        private readonly GpioPin _raised;
        private readonly GpioPin _lowered;
        private ParkingLockController _controller;

        public GpioEndStops(GpioController gpio, int raisedPin, int loweredPin)
        {
            _raised = Open(gpio, raisedPin);
            _lowered = Open(gpio, loweredPin);
        }

        public bool IsRaised
        {
            get { return _raised.Read() == PinValue.Low; }
        }

        public bool IsLowered
        {
            get { return _lowered.Read() == PinValue.Low; }
        }

        /// <summary>From now on every change of either switch reaches <paramref name="controller"/> (after it booted).</summary>
        public void Watch(ParkingLockController controller)
        {
            _controller = controller;
            _raised.ValueChanged += Changed;
            _lowered.ValueChanged += Changed;
        }

        private static GpioPin Open(GpioController gpio, int pin)
        {
            GpioPin input = gpio.OpenPin(pin, PinMode.InputPullUp);
            input.DebounceTimeout = TimeSpan.FromMilliseconds(DebounceMilliseconds);
            return input;
        }

        private void Changed(object sender, PinValueChangedEventArgs e)
        {
            _controller.EndStopChanged();
        }
    }
}
