using System.Device.Adc;

namespace ShareKey.ParkingLock.Device.Hardware
{
    /// <summary>
    /// The battery voltage through a resistor divider into ADC1, averaged over a few readings (the
    /// ESP32's ADC is noisy) and scaled back to the battery. Uncalibrated: expect a few percent of
    /// error; BoardPins.AdcFullScaleMillivolts is the one number to adjust per board.
    /// </summary>
    public sealed class AdcBattery
    {
        private const int Readings = 16;

        /// <summary>Below this at the battery nothing is connected: a mains-powered lock without the divider (a flat 2S pack still shows about 6 V).</summary>
        public const int NoBatteryMillivolts = 1000;

        private readonly AdcChannel _channel;
        private readonly int _maxValue;
        private readonly int _fullScaleMillivolts;
        private readonly int _dividerTopOhms;
        private readonly int _dividerBottomOhms;

        public AdcBattery(int channelNumber, int fullScaleMillivolts, int dividerTopOhms, int dividerBottomOhms)
        {
            AdcController adc = new AdcController();
            _channel = adc.OpenChannel(channelNumber);
            _maxValue = adc.MaxValue;
            _fullScaleMillivolts = fullScaleMillivolts;
            _dividerTopOhms = dividerTopOhms;
            _dividerBottomOhms = dividerBottomOhms;
        }

        /// <summary>Millivolts at the battery; below <see cref="NoBatteryMillivolts"/> there is none.</summary>
        public int ReadMillivolts()
        {
            long sum = 0;
            for (int i = 0; i < Readings; i++)
            {
                sum += _channel.ReadValue();
            }

            long pinMillivolts = sum * _fullScaleMillivolts / ((long)Readings * _maxValue);
            return (int)(pinMillivolts * (_dividerTopOhms + _dividerBottomOhms) / _dividerBottomOhms);
        }
    }
}
