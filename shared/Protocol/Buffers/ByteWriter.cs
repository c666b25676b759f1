using System;

namespace ShareKey.Protocol.Buffers
{
    /// <summary>
    /// Big-endian writer over a growable byte array. Portable: no Span, no generics. A writer can
    /// be <see cref="Reset"/> and reused so steady-state encoding on the board does not allocate.
    /// </summary>
    public sealed class ByteWriter
    {
        private byte[] _buffer;
        private int _length;

        public ByteWriter(int capacity)
        {
            _buffer = new byte[capacity < 16 ? 16 : capacity];
        }

        public int Length
        {
            get { return _length; }
        }

        /// <summary>The backing array; valid bytes are [0, <see cref="Length"/>).</summary>
        public byte[] Buffer
        {
            get { return _buffer; }
        }

        public void Reset()
        {
            _length = 0;
        }

        public void WriteByte(byte value)
        {
            Reserve(1);
            _buffer[_length++] = value;
        }

        public void WriteUInt16(ushort value)
        {
            Reserve(2);
            _buffer[_length++] = (byte)(value >> 8);
            _buffer[_length++] = (byte)value;
        }

        public void WriteInt16(short value)
        {
            WriteUInt16((ushort)value);
        }

        public void WriteUInt32(uint value)
        {
            Reserve(4);
            _buffer[_length++] = (byte)(value >> 24);
            _buffer[_length++] = (byte)(value >> 16);
            _buffer[_length++] = (byte)(value >> 8);
            _buffer[_length++] = (byte)value;
        }

        public void WriteUInt64(ulong value)
        {
            WriteUInt32((uint)(value >> 32));
            WriteUInt32((uint)value);
        }

        public void WriteBytes(byte[] source)
        {
            WriteBytes(source, 0, source.Length);
        }

        public void WriteBytes(byte[] source, int offset, int count)
        {
            Reserve(count);
            Array.Copy(source, offset, _buffer, _length, count);
            _length += count;
        }

        /// <summary>Writes an ASCII label followed by a zero byte (the MAC domain separator).</summary>
        public void WriteLabel(string label)
        {
            Reserve(label.Length + 1);
            for (int i = 0; i < label.Length; i++)
            {
                _buffer[_length++] = (byte)label[i];
            }

            _buffer[_length++] = 0;
        }

        /// <summary>Overwrites a big-endian UInt16 already written at <paramref name="position"/>.</summary>
        public void PatchUInt16(int position, ushort value)
        {
            _buffer[position] = (byte)(value >> 8);
            _buffer[position + 1] = (byte)value;
        }

        public byte[] ToArray()
        {
            byte[] copy = new byte[_length];
            Array.Copy(_buffer, 0, copy, 0, _length);
            return copy;
        }

        private void Reserve(int count)
        {
            if (_length + count <= _buffer.Length)
            {
                return;
            }

            int size = _buffer.Length * 2;
            while (size < _length + count)
            {
                size *= 2;
            }

            byte[] grown = new byte[size];
            Array.Copy(_buffer, 0, grown, 0, _length);
            _buffer = grown;
        }
    }
}
