using System;
using ShareKey.Firmware.Storage;
using ShareKey.Protocol;
using ShareKey.Protocol.Buffers;
using ShareKey.Protocol.Messages;

namespace ShareKey.Firmware.Events
{
    /// <summary>
    /// The device's event log (R2.8, docs/protocol.md §4.12): a ring of the last
    /// <see cref="Capacity"/> 16-byte records, saved to its own <see cref="DurableRecord"/> on every
    /// change so events logged offline survive a reboot. When full, a new event overwrites the
    /// oldest. Online, the board publishes <see cref="PeekBatch"/> (up to 16, oldest first) and
    /// calls <see cref="Confirm"/> once the broker has it; an unconfirmed batch is sent again.
    /// Records are kept as their wire bytes, 1 KB in all, with no object per event.
    /// </summary>
    public sealed class EventLog
    {
        public const int Capacity = 64;

        /// <summary>The largest saved log; a board's event slots hold at least this plus <see cref="DurableRecord.Overhead"/>.</summary>
        public const int MaxSavedLength = 4 + 1 + (Capacity * EventRecord.Size);

        private readonly DurableRecord _record;
        private readonly byte[] _ring = new byte[Capacity * EventRecord.Size];
        private readonly ByteWriter _writer = new ByteWriter(MaxSavedLength);
        private uint _first;
        private int _count;

        public EventLog(DurableRecord record)
        {
            _record = record;
        }

        public int Count
        {
            get { return _count; }
        }

        /// <summary>Loads the saved log; an unreadable one starts empty. True if events were restored.</summary>
        public bool Open()
        {
            _first = 0;
            _count = 0;
            byte[] saved = _record.Open();
            if (saved == null)
            {
                return false;
            }

            try
            {
                ByteReader reader = new ByteReader(saved, 0, saved.Length);
                uint first = reader.ReadUInt32("saved first event index");
                int count = reader.ReadByte("saved event count");
                if (count > Capacity)
                {
                    return false;
                }

                for (int i = 0; i < count; i++)
                {
                    reader.Skip(EventRecord.Size, "saved event");
                    Array.Copy(saved, 5 + (i * EventRecord.Size), _ring, Slot(first + (uint)i), EventRecord.Size);
                }

                reader.ExpectEnd("saved event log");
                _first = first;
                _count = count;
                return count > 0;
            }
            catch (ProtocolException)
            {
                return false;
            }
        }

        /// <summary>Logs an event (overwriting the oldest when full) and saves the log.</summary>
        public void Append(EventRecord record)
        {
            if (_count == Capacity)
            {
                _first++;
                _count--;
            }

            int at = Slot(_first + (uint)_count);
            _ring[at] = (byte)record.Kind;
            WriteUInt32(at + 1, record.Time);
            WriteUInt32(at + 5, (uint)(record.KeyId >> 32));
            WriteUInt32(at + 9, (uint)record.KeyId);
            _ring[at + 13] = record.Detail;
            _ring[at + 14] = (byte)(record.Value >> 8);
            _ring[at + 15] = (byte)record.Value;
            _count++;
            Save();
        }

        /// <summary>The oldest events, at most <see cref="EventMessage.MaxEvents"/>, as one Event message; null when the log is empty.</summary>
        public EventBatch PeekBatch()
        {
            if (_count == 0)
            {
                return null;
            }

            int size = _count < EventMessage.MaxEvents ? _count : EventMessage.MaxEvents;
            EventMessage message = new EventMessage();
            message.Events = Read(_first, size);
            return new EventBatch(_first, message);
        }

        /// <summary>Removes the batch's events that are still in the log (the cloud has them) and saves the log.</summary>
        public void Confirm(EventBatch batch)
        {
            uint end = batch.FirstIndex + (uint)batch.Message.Events.Length;
            int delivered = (int)(end - _first);
            if (delivered <= 0)
            {
                return;
            }

            if (delivered > _count)
            {
                delivered = _count;
            }

            _first += (uint)delivered;
            _count -= delivered;
            Save();
        }

        /// <summary>The newest events, at most <paramref name="max"/>, oldest first (for a KeyReport's recent events); they stay in the log.</summary>
        public EventRecord[] Newest(int max)
        {
            int size = _count < max ? _count : max;
            return Read(_first + (uint)(_count - size), size);
        }

        private EventRecord[] Read(uint from, int size)
        {
            EventRecord[] records = new EventRecord[size];
            for (int i = 0; i < size; i++)
            {
                ByteReader reader = new ByteReader(_ring, Slot(from + (uint)i), EventRecord.Size);
                EventKind kind = (EventKind)reader.ReadByte("event kind");
                uint time = reader.ReadUInt32("event time");
                ulong keyId = reader.ReadUInt64("event key id");
                byte detail = reader.ReadByte("event detail");
                records[i] = new EventRecord(kind, time, keyId, detail, reader.ReadInt16("event value"));
            }

            return records;
        }

        private void Save()
        {
            _writer.Reset();
            _writer.WriteUInt32(_first);
            _writer.WriteByte((byte)_count);
            for (int i = 0; i < _count; i++)
            {
                _writer.WriteBytes(_ring, Slot(_first + (uint)i), EventRecord.Size);
            }

            _record.Write(_writer.Buffer, 0, _writer.Length);
        }

        private static int Slot(uint index)
        {
            return (int)(index % Capacity) * EventRecord.Size;
        }

        private void WriteUInt32(int at, uint value)
        {
            _ring[at] = (byte)(value >> 24);
            _ring[at + 1] = (byte)(value >> 16);
            _ring[at + 2] = (byte)(value >> 8);
            _ring[at + 3] = (byte)value;
        }
    }
}
