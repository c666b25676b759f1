using System;

namespace ShareKey.Firmware.Storage
{
    /// <summary>
    /// One record that survives power cuts at any moment, kept in two flash slots written in turn.
    /// Each write goes to the slot that does <b>not</b> hold the newest good record, as
    /// magic (4) ‖ sequence (4) ‖ payload length (2) ‖ payload ‖ CRC-32 of all before it (4), all
    /// big-endian. A torn write therefore spoils at most the slot being written; on open both slots
    /// are read and the good one with the later sequence wins, so the store comes back with the
    /// last completely written record — or, if the cut fell after the last byte that differed, the
    /// new one — and never with garbage. Bytes after a record's check value are ignored (a slot
    /// may keep stale bytes of a longer older record).
    /// </summary>
    public sealed class DurableRecord
    {
        /// <summary>"SKR1": a slot that starts otherwise was never written by this store.</summary>
        public const uint Magic = 0x534B5231;

        public const int HeaderLength = 10;
        public const int CheckLength = 4;
        public const int Overhead = HeaderLength + CheckLength;

        private const int MaxLengthField = 0xFFFF;

        private readonly IFlashSlots _flash;
        private readonly byte[] _buffer;
        private int _currentSlot = -1;
        private uint _sequence;
        private bool _opened;

        public DurableRecord(IFlashSlots flash)
        {
            _flash = flash;
            _buffer = new byte[flash.Capacity];
        }

        /// <summary>The largest payload a write accepts.</summary>
        public int MaxPayloadLength
        {
            get
            {
                int room = _flash.Capacity - Overhead;
                return room > MaxLengthField ? MaxLengthField : room;
            }
        }

        /// <summary>Sequence number of the newest good record; 0 before the first.</summary>
        public uint Sequence
        {
            get { return _currentSlot < 0 ? 0 : _sequence; }
        }

        /// <summary>
        /// Reads both slots and returns a copy of the newest good record's payload, or null when
        /// neither slot holds one (a fresh board). Later writes continue from that record.
        /// </summary>
        public byte[] Open()
        {
            _opened = true;
            _currentSlot = -1;
            uint bestSequence = 0;
            for (int slot = 0; slot < 2; slot++)
            {
                int stored = _flash.Read(slot, _buffer);
                uint sequence;
                if (IsGood(stored, out sequence) && (_currentSlot < 0 || IsLater(sequence, bestSequence)))
                {
                    _currentSlot = slot;
                    bestSequence = sequence;
                }
            }

            if (_currentSlot < 0)
            {
                return null;
            }

            _sequence = bestSequence;
            _flash.Read(_currentSlot, _buffer);
            int length = ReadUInt16(_buffer, 8);
            byte[] payload = new byte[length];
            Array.Copy(_buffer, HeaderLength, payload, 0, length);
            return payload;
        }

        /// <summary>
        /// Makes payload[offset, offset+count) the record. When this returns, the record is on
        /// flash; if it throws (power cut, flash error), the previous record is still intact.
        /// </summary>
        public void Write(byte[] payload, int offset, int count)
        {
            if (!_opened)
            {
                // Without knowing which slot holds the newest record, a write could destroy it.
                throw new StorageException("open the record before writing it");
            }

            if (count < 0 || count > MaxPayloadLength)
            {
                throw new StorageException("a record of " + count.ToString() + " bytes does not fit a slot of " + _flash.Capacity.ToString());
            }

            uint sequence = _currentSlot < 0 ? 1 : _sequence + 1;
            int target = _currentSlot == 0 ? 1 : 0;
            WriteUInt32(_buffer, 0, Magic);
            WriteUInt32(_buffer, 4, sequence);
            _buffer[8] = (byte)(count >> 8);
            _buffer[9] = (byte)count;
            Array.Copy(payload, offset, _buffer, HeaderLength, count);
            WriteUInt32(_buffer, HeaderLength + count, Crc32.Of(_buffer, 0, HeaderLength + count));
            _flash.Write(target, _buffer, 0, Overhead + count);
            _currentSlot = target;
            _sequence = sequence;
        }

        /// <summary>Serial-number order, so the comparison stays right should the sequence ever wrap.</summary>
        private static bool IsLater(uint candidate, uint than)
        {
            return (int)(candidate - than) > 0;
        }

        private bool IsGood(int stored, out uint sequence)
        {
            sequence = 0;
            if (stored < Overhead || ReadUInt32(_buffer, 0) != Magic)
            {
                return false;
            }

            int length = ReadUInt16(_buffer, 8);
            if (HeaderLength + length + CheckLength > stored)
            {
                return false;
            }

            if (Crc32.Of(_buffer, 0, HeaderLength + length) != ReadUInt32(_buffer, HeaderLength + length))
            {
                return false;
            }

            sequence = ReadUInt32(_buffer, 4);
            return true;
        }

        private static int ReadUInt16(byte[] buffer, int offset)
        {
            return (buffer[offset] << 8) | buffer[offset + 1];
        }

        private static uint ReadUInt32(byte[] buffer, int offset)
        {
            return ((uint)buffer[offset] << 24) | ((uint)buffer[offset + 1] << 16) | ((uint)buffer[offset + 2] << 8) | buffer[offset + 3];
        }

        private static void WriteUInt32(byte[] buffer, int offset, uint value)
        {
            buffer[offset] = (byte)(value >> 24);
            buffer[offset + 1] = (byte)(value >> 16);
            buffer[offset + 2] = (byte)(value >> 8);
            buffer[offset + 3] = (byte)value;
        }
    }
}
