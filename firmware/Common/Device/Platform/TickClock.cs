using System;
using ShareKey.Firmware.State;

namespace ShareKey.Firmware.Device.Platform
{
    /// <summary>
    /// <see cref="IClock"/> from the system tick counter: whole seconds since boot. Never the RTC,
    /// which SNTP may step backwards or forwards; the logic's forward-only clock adds the cloud-signed date.
    /// </summary>
    public sealed class TickClock : IClock
    {
        public uint UptimeSeconds
        {
            get { return (uint)(Environment.TickCount64 / 1000); }
        }

        /// <summary>Milliseconds since boot from the same counter (wraps after 49 days; the logic uses differences only).</summary>
        public uint UptimeMilliseconds
        {
            get { return (uint)Environment.TickCount64; }
        }
    }
}
