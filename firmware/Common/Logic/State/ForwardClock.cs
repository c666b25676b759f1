using ShareKey.Protocol.Buffers;

namespace ShareKey.Firmware.State
{
    /// <summary>
    /// The device clock (docs/protocol.md §9.2): Unix seconds that only move forward. It is a base
    /// time plus the uptime elapsed since that base was set; the base comes from flash at boot and
    /// from cloud-signed times later, and only a later signed time moves it. The clock is saved with
    /// the rest of the device state, so a reboot without network resumes from the last save — never
    /// earlier, though it loses the seconds between that save and the power cut (the board saves
    /// periodically to keep that gap short).
    /// </summary>
    public sealed class ForwardClock
    {
        public const int SavedLength = 4;

        /// <summary>The last second a u32 time can name (February 2106).</summary>
        private const uint Latest = 0xFFFFFFFF;

        private readonly IClock _uptime;
        private uint _base;
        private uint _baseUptime;

        public ForwardClock(IClock uptime)
        {
            _uptime = uptime;
            _baseUptime = uptime.UptimeSeconds;
        }

        public uint Now
        {
            get
            {
                uint uptime = _uptime.UptimeSeconds;
                if (uptime < _baseUptime)
                {
                    // A tick source that went backwards breaks its contract; rebase rather than jump.
                    _baseUptime = uptime;
                }

                ulong now = (ulong)_base + (uptime - _baseUptime);
                return now > Latest ? Latest : (uint)now;
            }
        }

        /// <summary>Moves the clock to <paramref name="time"/> if that is later than now; false (and no change) otherwise.</summary>
        public bool AdvanceTo(uint time)
        {
            if (time <= Now)
            {
                return false;
            }

            SetBase(time);
            return true;
        }

        public void Write(ByteWriter writer)
        {
            writer.WriteUInt32(Now);
        }

        public void Read(ByteReader reader)
        {
            SetBase(reader.ReadUInt32("saved device time"));
        }

        private void SetBase(uint time)
        {
            _base = time;
            _baseUptime = _uptime.UptimeSeconds;
        }
    }
}
