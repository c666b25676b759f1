using System.Device.Gpio;
using System.Threading;
using ShareKey.Firmware.TBox.Hardware;

namespace ShareKey.TBox.Device.Hardware
{
    /// <summary>
    /// <see cref="IRelays"/> on four GPIO outputs, each driving a relay (README.md, wiring).
    /// Doors: most cars' central locking takes a pulse on a "lock" or an "unlock" input rather than a
    /// level, so a call raises one output for <see cref="DoorPulseMilliseconds"/> and a timer drops it
    /// again — the caller holds the logic's lock and must not wait for the pulse. The two door outputs
    /// are never high together. Immobiliser and charge-inlet lock: levels, high while engaged.
    /// </summary>
    public sealed class GpioRelays : IRelays
    {
        /// <summary>Long enough for a central-locking module to register, short of holding its motor.</summary>
        public const int DoorPulseMilliseconds = 500;

        private readonly object _gate = new object();
        private readonly GpioPin _lock;
        private readonly GpioPin _unlock;
        private readonly GpioPin _immobiliser;
        private readonly GpioPin _inlet;
        private readonly Timer _pulseEnd;

        public GpioRelays(GpioController gpio, int lockPin, int unlockPin, int immobiliserPin, int inletPin)
        {
            _inlet = gpio.OpenPin(inletPin, PinMode.Output);
            _lock = gpio.OpenPin(lockPin, PinMode.Output);
            _unlock = gpio.OpenPin(unlockPin, PinMode.Output);
            _immobiliser = gpio.OpenPin(immobiliserPin, PinMode.Output);
            _lock.Write(PinValue.Low);
            _unlock.Write(PinValue.Low);
            _pulseEnd = new Timer(EndPulse, null, Timeout.Infinite, Timeout.Infinite);
        }

        public void SetDoorsLocked(bool locked)
        {
            lock (_gate)
            {
                GpioPin start = locked ? _lock : _unlock;
                GpioPin other = locked ? _unlock : _lock;
                other.Write(PinValue.Low);
                start.Write(PinValue.High);
                _pulseEnd.Change(DoorPulseMilliseconds, Timeout.Infinite);
            }
        }

        public void SetImmobiliserEngaged(bool engaged)
        {
            _immobiliser.Write(engaged ? PinValue.High : PinValue.Low);
        }

        public void SetChargeInletLocked(bool locked)
        {
            _inlet.Write(locked ? PinValue.High : PinValue.Low);
        }

        private void EndPulse(object state)
        {
            lock (_gate)
            {
                _lock.Write(PinValue.Low);
                _unlock.Write(PinValue.Low);
            }
        }
    }
}
