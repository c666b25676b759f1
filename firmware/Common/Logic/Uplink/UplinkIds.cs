using ShareKey.Firmware.Storage;
using ShareKey.Protocol;
using ShareKey.Protocol.Buffers;

namespace ShareKey.Firmware.Uplink
{
    /// <summary>
    /// Message ids for the frames the device sends up, unique across reboots: the cloud drops an up
    /// message whose (device, message id) it has seen (docs/architecture.md §5), so an id reused after a
    /// power cut would lose that message. Ids are reserved in blocks of <see cref="Block"/>: the end
    /// of the current block is saved before its first id is handed out, and a boot continues from
    /// the saved end, skipping what was left of the block. One flash write per 64 messages, and no
    /// id is ever given twice — a power cut during the reservation leaves the old end, whose ids
    /// were all still unused.
    /// </summary>
    public sealed class UplinkIds
    {
        public const int Block = 64;

        /// <summary>format (1) ‖ end of the reserved block (4).</summary>
        public const int SavedLength = 5;

        private const byte FormatVersion = 1;

        private readonly DurableRecord _record;
        private readonly ByteWriter _writer = new ByteWriter(SavedLength);
        private uint _next;
        private uint _reservedEnd;

        public UplinkIds(DurableRecord record)
        {
            _record = record;
        }

        /// <summary>Loads the saved reservation; a fresh or unreadable record starts at id 1.</summary>
        public void Open()
        {
            _reservedEnd = 1;
            byte[] saved = _record.Open();
            if (saved != null)
            {
                try
                {
                    ByteReader reader = new ByteReader(saved, 0, saved.Length);
                    byte format = reader.ReadByte("uplink id format");
                    uint end = reader.ReadUInt32("uplink id reservation");
                    reader.ExpectEnd("uplink id record");
                    if (format == FormatVersion && end != 0)
                    {
                        _reservedEnd = end;
                    }
                }
                catch (ProtocolException)
                {
                    // An unreadable record is treated as fresh, like the other records of the board.
                }
            }

            _next = _reservedEnd;
        }

        /// <summary>The next unused id; saves a new reservation first when the block is used up (throws if flash fails).</summary>
        public uint Next()
        {
            if (_next == _reservedEnd)
            {
                uint end = _reservedEnd + Block;
                _writer.Reset();
                _writer.WriteByte(FormatVersion);
                _writer.WriteUInt32(end);
                _record.Write(_writer.Buffer, 0, _writer.Length);
                _reservedEnd = end;
            }

            return _next++;
        }
    }
}
