using ShareKey.Protocol;
using ShareKey.Protocol.Buffers;
using ShareKey.Protocol.Messages;
using ShareKey.Protocol.Tokens;

namespace ShareKey.Firmware.State
{
    /// <summary>
    /// Counted uses (unlock, start) per key, kept on the device so "at most N unlocks" holds with no
    /// network (R2.4, docs/protocol.md §9.4). Bounded to <see cref="Capacity"/> keys, the most a
    /// KeyReport carries. An entry stays until room is needed; then the first to go is one that can
    /// no longer matter — its token has expired (the clock never goes back) or its epoch is no
    /// longer held (a key id belongs to the one epoch its token was tagged under) — and next one of
    /// a key without a use limit, whose count is only informative. A limited key that finds no room
    /// is not recorded and the caller must refuse it: forgetting a count would reopen the limit.
    /// </summary>
    public sealed class UseCounts
    {
        public const int Capacity = KeyReportMessage.MaxKeyUses;
        public const int MaxSavedLength = 1 + (Capacity * 20);

        /// <summary>A count stops here rather than wrap to zero (the wire's u16).</summary>
        private const ushort MostUses = 0xFFFF;

        private readonly ulong[] _keyIds = new ulong[Capacity];
        private readonly uint[] _epochs = new uint[Capacity];
        private readonly uint[] _notAfters = new uint[Capacity];
        private readonly ushort[] _maxUses = new ushort[Capacity];
        private readonly ushort[] _uses = new ushort[Capacity];
        private int _count;

        public int Count
        {
            get { return _count; }
        }

        public int UsesOf(ulong keyId)
        {
            int index = IndexOf(keyId);
            return index < 0 ? 0 : _uses[index];
        }

        /// <summary>
        /// Counts one use of <paramref name="token"/>'s key. False only when the key has a use limit
        /// and no entry could be freed for it; an unlimited key that finds no room is simply not counted.
        /// </summary>
        public bool Record(KeyToken token, uint now, EpochKeys held)
        {
            int index = IndexOf(token.KeyId);
            if (index < 0)
            {
                index = _count < Capacity ? _count : Evictable(now, held);
                if (index < 0)
                {
                    return token.MaxUses == 0;
                }

                if (index == _count)
                {
                    _count++;
                }

                _keyIds[index] = token.KeyId;
                _epochs[index] = 0;
                _notAfters[index] = 0;
                _uses[index] = 0;
            }

            // Keep the latest epoch and end of validity seen, so the entry is not evicted early.
            _epochs[index] = token.Epoch > _epochs[index] ? token.Epoch : _epochs[index];
            _notAfters[index] = token.NotAfter > _notAfters[index] ? token.NotAfter : _notAfters[index];
            _maxUses[index] = token.MaxUses;
            if (_uses[index] < MostUses)
            {
                _uses[index]++;
            }

            return true;
        }

        /// <summary>The counts as a KeyReport lists them (R1.4).</summary>
        public KeyUse[] ToKeyUses()
        {
            KeyUse[] uses = new KeyUse[_count];
            for (int i = 0; i < _count; i++)
            {
                uses[i] = new KeyUse(_keyIds[i], _uses[i]);
            }

            return uses;
        }

        public void Write(ByteWriter writer)
        {
            writer.WriteByte((byte)_count);
            for (int i = 0; i < _count; i++)
            {
                writer.WriteUInt64(_keyIds[i]);
                writer.WriteUInt32(_epochs[i]);
                writer.WriteUInt32(_notAfters[i]);
                writer.WriteUInt16(_maxUses[i]);
                writer.WriteUInt16(_uses[i]);
            }
        }

        public void Read(ByteReader reader)
        {
            int count = reader.ReadByte("saved use count");
            if (count > Capacity)
            {
                throw new ProtocolException(ProtocolError.FieldOutOfRange, "saved use counts exceed the table");
            }

            for (int i = 0; i < count; i++)
            {
                _keyIds[i] = reader.ReadUInt64("saved use key id");
                _epochs[i] = reader.ReadUInt32("saved use epoch");
                _notAfters[i] = reader.ReadUInt32("saved use not-after");
                _maxUses[i] = reader.ReadUInt16("saved use limit");
                _uses[i] = reader.ReadUInt16("saved uses");
            }

            _count = count;
        }

        /// <summary>An entry that can no longer matter, else one of an unlimited key, else -1.</summary>
        private int Evictable(uint now, EpochKeys held)
        {
            int unlimited = -1;
            for (int i = 0; i < _count; i++)
            {
                if (now >= _notAfters[i] || !held.Holds(_epochs[i]))
                {
                    return i;
                }

                if (unlimited < 0 && _maxUses[i] == 0)
                {
                    unlimited = i;
                }
            }

            return unlimited;
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
    }
}
