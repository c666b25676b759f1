using ShareKey.Firmware.Storage;

namespace ShareKey.Firmware.ParkingLock.Motion
{
    /// <summary>
    /// Where the barrier was last sent, in its own power-safe record, written before the motor
    /// starts a motion to the other end. After a power cut mid-motion the boot finds the barrier
    /// between its end stops and completes the motion towards this target (lowering at once,
    /// raising only onto an empty space), so an unlock whose use is already counted still opens
    /// the space. Payload: format (1) ‖ target (1).
    /// </summary>
    public sealed class BarrierRecord
    {
        public const int SavedLength = 2;

        private const byte FormatVersion = 1;

        private readonly DurableRecord _record;
        private readonly byte[] _buffer = new byte[SavedLength];

        public BarrierRecord(DurableRecord record)
        {
            _record = record;
            Target = BarrierPosition.Raised;
        }

        /// <summary><see cref="BarrierPosition.Raised"/> or <see cref="BarrierPosition.Lowered"/>; raised on a fresh board (a lock starts closed).</summary>
        public BarrierPosition Target { get; private set; }

        /// <summary>Loads the saved target; a fresh or unreadable record means raised.</summary>
        public void Open()
        {
            Target = BarrierPosition.Raised;
            byte[] saved = _record.Open();
            if (saved == null || saved.Length != SavedLength || saved[0] != FormatVersion)
            {
                return;
            }

            if (saved[1] == (byte)BarrierPosition.Lowered)
            {
                Target = BarrierPosition.Lowered;
            }
        }

        /// <summary>Saves a new target (no write when it is already the saved one).</summary>
        public void Aim(BarrierPosition target)
        {
            if (target == Target)
            {
                return;
            }

            _buffer[0] = FormatVersion;
            _buffer[1] = (byte)target;
            _record.Write(_buffer, 0, SavedLength);
            Target = target;
        }
    }
}
