using System;

namespace ShareKey.Protocol.Buffers
{
    /// <summary>
    /// Big-endian reader over a slice of a byte array. Every read is bounds-checked and fails with
    /// <see cref="ProtocolError.Truncated"/>; nothing else escapes, whatever the input.
    /// </summary>
    public sealed class ByteReader
    {
        private readonly byte[] _buffer;
        private readonly int _end;
        private int _position;

        public ByteReader(byte[] buffer, int offset, int count)
        {
            if (buffer == null || offset < 0 || count < 0 || offset > buffer.Length - count)
            {
                throw new ProtocolException(ProtocolError.InvalidArgument, "reader slice lies outside the buffer");
            }

            _buffer = buffer;
            _position = offset;
            _end = offset + count;
        }

        public int Position
        {
            get { return _position; }
        }

        public int Remaining
        {
            get { return _end - _position; }
        }

        public byte[] Buffer
        {
            get { return _buffer; }
        }

        public byte ReadByte(string field)
        {
            Need(1, field);
            return _buffer[_position++];
        }

        public ushort ReadUInt16(string field)
        {
            Need(2, field);
            int value = (_buffer[_position] << 8) | _buffer[_position + 1];
            _position += 2;
            return (ushort)value;
        }

        public short ReadInt16(string field)
        {
            return (short)ReadUInt16(field);
        }

        public uint ReadUInt32(string field)
        {
            Need(4, field);
            uint value = ((uint)_buffer[_position] << 24)
                | ((uint)_buffer[_position + 1] << 16)
                | ((uint)_buffer[_position + 2] << 8)
                | _buffer[_position + 3];
            _position += 4;
            return value;
        }

        public ulong ReadUInt64(string field)
        {
            ulong high = ReadUInt32(field);
            ulong low = ReadUInt32(field);
            return (high << 32) | low;
        }

        /// <summary>Copies the next <paramref name="count"/> bytes into a new array.</summary>
        public byte[] ReadBytes(int count, string field)
        {
            Need(count, field);
            byte[] copy = new byte[count];
            Array.Copy(_buffer, _position, copy, 0, count);
            _position += count;
            return copy;
        }

        public void Skip(int count, string field)
        {
            Need(count, field);
            _position += count;
        }

        /// <summary>Fails with <see cref="ProtocolError.TrailingBytes"/> unless every byte was consumed.</summary>
        public void ExpectEnd(string what)
        {
            if (_position != _end)
            {
                throw new ProtocolException(
                    ProtocolError.TrailingBytes,
                    "F4: " + (_end - _position).ToString() + " byte(s) after the end of " + what);
            }
        }

        private void Need(int count, string field)
        {
            if (count < 0 || _end - _position < count)
            {
                throw new ProtocolException(
                    ProtocolError.Truncated,
                    "F3: " + field + " needs " + count.ToString() + " byte(s), " + (_end - _position).ToString() + " left");
            }
        }
    }
}
