using System.Device.Gpio;
using System.Threading;

namespace ShareKey.Firmware.Device.Hardware
{
    /// <summary>
    /// The board's LED, for whoever installs the board without a laptop: steady on = connected to
    /// the broker; slow blink (1 s) = running, not connected; fast blink (0.2 s) = stopped on a fault
    /// that needs a person (a missing or bad configuration file; the log says which).
    /// </summary>
    public sealed class StatusLed
    {
        private const int SlowMilliseconds = 1000;
        private const int FastMilliseconds = 200;

        private readonly GpioPin _pin;
        private readonly Timer _blink;

        public StatusLed(GpioController gpio, int pin)
        {
            _pin = gpio.OpenPin(pin, PinMode.Output);
            _blink = new Timer(Toggle, null, Timeout.Infinite, Timeout.Infinite);
        }

        public void Connected()
        {
            _blink.Change(Timeout.Infinite, Timeout.Infinite);
            _pin.Write(PinValue.High);
        }

        public void NotConnected()
        {
            _blink.Change(0, SlowMilliseconds);
        }

        public void Fault()
        {
            _blink.Change(0, FastMilliseconds);
        }

        private void Toggle(object state)
        {
            _pin.Toggle();
        }
    }
}
