namespace ShareKey.Firmware.ParkingLock.Sensing
{
    /// <summary>
    /// State of charge from the battery voltage (measured through the ADC and a divider), averaged
    /// over the last <see cref="Samples"/> readings so one noisy conversion moves nothing. Linear
    /// between the empty and full voltages. Low once the level falls below the threshold; low again
    /// only after it has been back 5 points above it (a charged or replaced battery).
    /// </summary>
    public sealed class BatteryMonitor
    {
        public const int Samples = 4;

        private const int RearmPoints = 5;

        private readonly int _emptyMv;
        private readonly int _fullMv;
        private readonly int _lowPercent;
        private readonly int[] _readings = new int[Samples];
        private int _count;
        private int _next;
        private bool _lowReported;

        public BatteryMonitor(LockSettings settings)
        {
            _emptyMv = settings.BatteryEmptyMv;
            _fullMv = settings.BatteryFullMv;
            _lowPercent = settings.BatteryLowPercent;
            Percent = -1;
        }

        /// <summary>State of charge 0–100; -1 before the first reading (or on a mains-powered lock).</summary>
        public int Percent { get; private set; }

        /// <summary>One reading of the battery voltage in millivolts. True when the level has just fallen below the low threshold.</summary>
        public bool Add(int millivolts)
        {
            _readings[_next] = millivolts;
            _next = (_next + 1) % Samples;
            if (_count < Samples)
            {
                _count++;
            }

            int sum = 0;
            for (int i = 0; i < _count; i++)
            {
                sum += _readings[i];
            }

            Percent = PercentOf(sum / _count);
            if (Percent >= _lowPercent + RearmPoints)
            {
                _lowReported = false;
            }

            if (Percent < _lowPercent && !_lowReported)
            {
                _lowReported = true;
                return true;
            }

            return false;
        }

        private int PercentOf(int millivolts)
        {
            if (millivolts <= _emptyMv)
            {
                return 0;
            }

            if (millivolts >= _fullMv)
            {
                return 100;
            }

            return (millivolts - _emptyMv) * 100 / (_fullMv - _emptyMv);
        }
    }
}
