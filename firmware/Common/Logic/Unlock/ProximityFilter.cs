using ShareKey.Protocol;

namespace ShareKey.Firmware.Unlock
{
    /// <summary>
    /// The proximity gate of the BLE command path: the median of the last N RSSI samples of the
    /// phone's connection must reach a threshold (dBm), else the command is refused too-far. The
    /// median ignores single spikes either way (a reflection, a body in the path) where a mean would
    /// follow them; until N samples have arrived on this connection the phone counts as far.
    ///
    /// What it stops: commands from a phone out of arm's reach — an accidental unlock while the user
    /// walks past, an unlock from across the car park or an upper floor, an attacker who has a
    /// stolen key and S but stays at a distance with an ordinary phone.
    /// What it does not stop: a relay. RSSI is measured on whichever radio talks to the board; an
    /// attacker's relay placed next to the car shows a strong signal however far away the owner's
    /// phone is, and RSSI can be amplified. Only distance bounding (not available on phones' BLE)
    /// would; the short, single-use challenge and the app's per-unlock user gesture
    /// (docs/protocol.md §10) are the other defences.
    /// </summary>
    public sealed class ProximityFilter
    {
        public const int MaxWindow = 15;

        private readonly int _threshold;
        private readonly int[] _samples;
        private readonly int[] _sorted;
        private int _count;
        private int _next;

        /// <param name="thresholdDbm">The weakest filtered signal that counts as near, e.g. -70.</param>
        /// <param name="window">How many of the latest samples the median is taken over, 1 to 15.</param>
        public ProximityFilter(int thresholdDbm, int window)
        {
            if (window < 1 || window > MaxWindow)
            {
                throw new ProtocolException(ProtocolError.InvalidArgument, "the proximity window is 1 to 15 samples");
            }

            _threshold = thresholdDbm;
            _samples = new int[window];
            _sorted = new int[window];
        }

        /// <summary>True once the window is full and its median reaches the threshold.</summary>
        public bool IsNear
        {
            get { return _count == _samples.Length && Filtered >= _threshold; }
        }

        /// <summary>The median of the samples held (the upper of the two middle ones for an even count); meaningless before the first sample.</summary>
        public int Filtered
        {
            get
            {
                for (int i = 0; i < _count; i++)
                {
                    int value = _samples[i];
                    int j = i;
                    while (j > 0 && _sorted[j - 1] > value)
                    {
                        _sorted[j] = _sorted[j - 1];
                        j--;
                    }

                    _sorted[j] = value;
                }

                return _sorted[_count / 2];
            }
        }

        public void Add(int rssiDbm)
        {
            _samples[_next] = rssiDbm;
            _next = (_next + 1) % _samples.Length;
            if (_count < _samples.Length)
            {
                _count++;
            }
        }

        /// <summary>Forgets every sample: a new connection is judged on its own signal.</summary>
        public void Reset()
        {
            _count = 0;
            _next = 0;
        }
    }
}
