using ShareKey.Protocol;
using ShareKey.Protocol.Buffers;

namespace ShareKey.Firmware.State
{
    /// <summary>
    /// Keys the device revoked on its own authority, with no bulletin: those a Rotate lists (the
    /// returning renter's keys, R0) and the parent of a transfer share once the share is used (R2.6).
    /// The second kind is marked as a transfer: the parent itself no longer opens, but the shares it
    /// transferred to must go on working, so as a parent it is revoked only by an outright revocation.
    /// Each entry carries the epoch it matters for; a key of an epoch the device no longer holds
    /// cannot verify anyway, so such entries are the first to go when the table is full. Bounded
    /// (<see cref="Capacity"/>); if every entry still matters, the one of the oldest epoch goes —
    /// the cloud's bulletin, which lists revocations too, is the backstop for that case.
    /// </summary>
    public sealed class LocalRevocations
    {
        public const int Capacity = 64;
        public const int MaxSavedLength = 1 + (Capacity * 13);

        private readonly ulong[] _keyIds = new ulong[Capacity];
        private readonly uint[] _epochs = new uint[Capacity];
        private readonly bool[] _outright = new bool[Capacity];
        private int _count;

        public int Count
        {
            get { return _count; }
        }

        /// <summary>True when the key is revoked here, by either kind.</summary>
        public bool Contains(ulong keyId)
        {
            return IndexOf(keyId) >= 0;
        }

        /// <summary>True when the key is revoked here other than by transferring its right to a share.</summary>
        public bool ContainsOutright(ulong keyId)
        {
            int index = IndexOf(keyId);
            return index >= 0 && _outright[index];
        }

        /// <summary>
        /// Revokes <paramref name="keyId"/>, which matters while <paramref name="epoch"/> is held;
        /// <paramref name="outright"/> is false for a parent that transferred its right to a share.
        /// </summary>
        public void Revoke(ulong keyId, uint epoch, bool outright, EpochKeys held)
        {
            int index = IndexOf(keyId);
            if (index >= 0)
            {
                if (epoch > _epochs[index])
                {
                    _epochs[index] = epoch;
                }

                _outright[index] = _outright[index] || outright;
                return;
            }

            if (_count == Capacity)
            {
                RemoveAt(Evictable(held));
            }

            _keyIds[_count] = keyId;
            _epochs[_count] = epoch;
            _outright[_count] = outright;
            _count++;
        }

        public void Write(ByteWriter writer)
        {
            writer.WriteByte((byte)_count);
            for (int i = 0; i < _count; i++)
            {
                writer.WriteUInt64(_keyIds[i]);
                writer.WriteUInt32(_epochs[i]);
                writer.WriteByte(_outright[i] ? (byte)1 : (byte)0);
            }
        }

        public void Read(ByteReader reader)
        {
            int count = reader.ReadByte("saved revocation count");
            if (count > Capacity)
            {
                throw new ProtocolException(ProtocolError.FieldOutOfRange, "saved revocations exceed the table");
            }

            for (int i = 0; i < count; i++)
            {
                _keyIds[i] = reader.ReadUInt64("saved revoked key id");
                _epochs[i] = reader.ReadUInt32("saved revocation epoch");
                _outright[i] = reader.ReadByte("saved revocation kind") != 0;
            }

            _count = count;
        }

        /// <summary>An entry of an epoch no longer held if there is one, else the oldest entry of the oldest epoch.</summary>
        private int Evictable(EpochKeys held)
        {
            int oldest = 0;
            for (int i = 0; i < _count; i++)
            {
                if (!held.Holds(_epochs[i]))
                {
                    return i;
                }

                if (_epochs[i] < _epochs[oldest])
                {
                    oldest = i;
                }
            }

            return oldest;
        }

        private int IndexOf(ulong keyId)
        {
            for (int i = 0; i < _count; i++)
            {
                if (_keyIds[i] == keyId)
                {
                    return i;
                }
            }

            return -1;
        }

        /// <summary>Shifts later entries down so insertion order (oldest first) is kept.</summary>
        private void RemoveAt(int index)
        {
            for (int i = index; i < _count - 1; i++)
            {
                _keyIds[i] = _keyIds[i + 1];
                _epochs[i] = _epochs[i + 1];
                _outright[i] = _outright[i + 1];
            }

            _count--;
        }
    }
}
