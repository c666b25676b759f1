using ShareKey.Protocol;
using ShareKey.Protocol.Buffers;
using ShareKey.Protocol.Messages;

namespace ShareKey.Firmware.State
{
    /// <summary>
    /// What the newest applied bulletin says beyond its revocations (docs/protocol.md §4.5, §9.3):
    /// its sequence, its freezes and its changed keys (R1.5) with the fingerprint of each one's newest
    /// token. These are the things a bulletin replaces as a whole — a key missing from the newest
    /// list is no longer frozen (how a freeze is lifted) and no longer changed (the cloud lists a
    /// changed key for as long as any older token of it could still be in time) — and only by a
    /// greater sequence, so an old bulletin never undoes a newer one. Bounded by the bulletin's own
    /// 26 entries. Revocations are merged into <see cref="RevokedKeys"/> instead. Checking the MAC is
    /// the caller's job.
    /// </summary>
    public sealed class BulletinStandings
    {
        public const int MaxSavedLength = 4 + 1 + (BulletinMessage.MaxEntries * 13);

        private readonly ulong[] _keyIds = new ulong[BulletinMessage.MaxEntries];
        private readonly byte[] _standings = new byte[BulletinMessage.MaxEntries];
        private readonly uint[] _fingerprints = new uint[BulletinMessage.MaxEntries];
        private int _count;

        /// <summary>0 before the first bulletin.</summary>
        public uint Sequence { get; private set; }

        /// <summary>Keys the newest bulletin freezes or names as changed.</summary>
        public int Count
        {
            get { return _count; }
        }

        public bool IsFrozen(ulong keyId)
        {
            int index = IndexOf(keyId);
            return index >= 0 && _standings[index] == (byte)KeyStanding.Frozen;
        }

        /// <summary>True when the newest bulletin names the key as changed and <paramref name="tag"/> is not its newest token's.</summary>
        public bool IsSuperseded(ulong keyId, byte[] tag)
        {
            int index = IndexOf(keyId);
            return index >= 0 && _standings[index] == (byte)KeyStanding.Changed && _fingerprints[index] != BulletinEntry.FingerprintOf(tag);
        }

        /// <summary>Takes the bulletin's sequence, freezes and changes if it is newer than the one held; false (and no change) otherwise.</summary>
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
                BulletinEntry entry = bulletin.Entries[i];
                if (entry.Standing == KeyStanding.Frozen || entry.Standing == KeyStanding.Changed)
                {
                    _keyIds[_count] = entry.KeyId;
                    _standings[_count] = (byte)entry.Standing;
                    _fingerprints[_count] = entry.Standing == KeyStanding.Changed ? entry.Fingerprint : 0;
                    _count++;
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
                writer.WriteUInt64(_keyIds[i]);
                writer.WriteByte(_standings[i]);
                writer.WriteUInt32(_fingerprints[i]);
            }
        }

        /// <summary>Reads what <see cref="Write"/> wrote; <paramref name="freezesOnly"/> reads the layout before changed keys existed (state format 2: key ids, all frozen).</summary>
        public void Read(ByteReader reader, bool freezesOnly)
        {
            Sequence = reader.ReadUInt32("saved bulletin sequence");
            int count = reader.ReadByte("saved bulletin standing count");
            if (count > BulletinMessage.MaxEntries)
            {
                throw new ProtocolException(ProtocolError.FieldOutOfRange, "saved bulletin standings exceed 26 keys");
            }

            for (int i = 0; i < count; i++)
            {
                _keyIds[i] = reader.ReadUInt64("saved bulletin standing key id");
                _standings[i] = freezesOnly ? (byte)KeyStanding.Frozen : reader.ReadByte("saved bulletin standing");
                _fingerprints[i] = freezesOnly ? 0 : reader.ReadUInt32("saved changed key fingerprint");
                if (_standings[i] != (byte)KeyStanding.Frozen && _standings[i] != (byte)KeyStanding.Changed)
                {
                    throw new ProtocolException(ProtocolError.FieldOutOfRange, "saved bulletin standing is neither frozen nor changed");
                }
            }

            _count = count;
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
