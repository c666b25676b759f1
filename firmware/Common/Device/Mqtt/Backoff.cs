using System;

namespace ShareKey.Firmware.Device.Mqtt
{
    /// <summary>
    /// Waits between reconnection attempts: 2 s, doubling to at most 5 min, each stretched by a
    /// random 0–50 %. The randomness matters at fleet scale: after a broker restart every board
    /// would otherwise come back in the same second.
    /// </summary>
    public sealed class Backoff
    {
        public const int FirstMilliseconds = 2000;
        public const int LongestMilliseconds = 300000;

        // On the ESP32 images System.Random draws from the hardware RNG, so boards do not share a sequence.
        private readonly Random _random = new Random();
        private int _next = FirstMilliseconds;

        /// <summary>The wait before the next attempt; each call doubles the one after it.</summary>
        public int Next()
        {
            int wait = _next + _random.Next(_next / 2 + 1);
            _next = _next >= LongestMilliseconds / 2 ? LongestMilliseconds : _next * 2;
            return wait;
        }

        /// <summary>A connection got through: the next failure starts again from the first wait.</summary>
        public void Reset()
        {
            _next = FirstMilliseconds;
        }
    }
}
