using ShareKey.Protocol;
using ShareKey.Protocol.Buffers;
using ShareKey.Protocol.Messages;

namespace ShareKey.Firmware.State
{
    /// <summary>
    /// What the newest applied bulletin says beyond its revocations (docs/protocol.md §4.5, §9.3):
    /// its sequence and its freezes. Freezes are the one thing a bulletin replaces as a whole — a
    /// key missing from the newest list is no longer frozen (how a freeze is lifted) — and only by
    /// a greater sequence, so an old bulletin never undoes a newer one. Revocations are merged into
    /// <see cref="RevokedKeys"/> instead. Checking the MAC is the caller's job.
    /// </summary>
    public sealed class BulletinStandings
    {
        public const int MaxSavedLength = 4 + 1 + (BulletinMessage.MaxEntries * 8);

        private readonly ulong[] _frozen = new ulong[BulletinMessage.MaxEntries];
        private int _count;

        /// <summary>0 before the first bulletin.</summary>
        public uint Sequence { get; private set; }

        /// <summary>Keys the newest bulletin freezes.</summary>
        public int FrozenCount
        {
            get { return _count; }
        }

        public bool IsFrozen(ulong keyId)
        {
            for (int i = 0; i < _count; i++)
            {
                if (_frozen[i] == keyId)
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>Takes the bulletin's sequence and freezes if it is newer than the one held; false (and no change) otherwise.</summary>
        public bool Apply(BulletinMessage bulletin)
        {
            if (bulletin.Sequence <= Sequence)
            {
                return false;
            }

            Sequence = bulletin.Sequence;
            _count = 0;
            for (int i = 0; i < bulletin.Entries.Length; i++)
            {
                if (bulletin.Entries[i].Standing == KeyStanding.Frozen)
                {
                    _frozen[_count++] = bulletin.Entries[i].KeyId;
                }
            }

            return true;
        }

        public void Write(ByteWriter writer)
        {
            writer.WriteUInt32(Sequence);
            writer.WriteByte((byte)_count);
            for (int i = 0; i < _count; i++)
            {
                writer.WriteUInt64(_frozen[i]);
            }
        }

        public void Read(ByteReader reader)
        {
            Sequence = reader.ReadUInt32("saved bulletin sequence");
            int count = reader.ReadByte("saved frozen count");
            if (count > BulletinMessage.MaxEntries)
            {
                throw new ProtocolException(ProtocolError.FieldOutOfRange, "saved bulletin freezes more than 26 keys");
            }

            for (int i = 0; i < count; i++)
            {
                _frozen[i] = reader.ReadUInt64("saved frozen key id");
            }

            _count = count;
        }
    }
}
