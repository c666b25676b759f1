using ShareKey.Protocol;
using ShareKey.Protocol.Buffers;
using ShareKey.Protocol.Messages;

namespace ShareKey.Firmware.State
{
    /// <summary>
    /// The newest revocation bulletin the device has applied (docs/protocol.md §4.5, §9.3): its
    /// sequence and its complete list of revoked and frozen keys. A bulletin replaces the whole list
    /// and only if its sequence is greater, so an old bulletin never undoes a newer one and a key
    /// missing from the newest list is in good standing again (how a freeze is lifted). Checking the
    /// bulletin's MAC is the caller's job; this class only keeps what was accepted.
    /// </summary>
    public sealed class BulletinStandings
    {
        public const int MaxSavedLength = 4 + 1 + (BulletinMessage.MaxEntries * 9);

        private readonly ulong[] _keyIds = new ulong[BulletinMessage.MaxEntries];
        private readonly KeyStanding[] _standings = new KeyStanding[BulletinMessage.MaxEntries];
        private int _count;

        /// <summary>0 before the first bulletin.</summary>
        public uint Sequence { get; private set; }

        public int Count
        {
            get { return _count; }
        }

        public KeyStanding StandingOf(ulong keyId)
        {
            for (int i = 0; i < _count; i++)
            {
                if (_keyIds[i] == keyId)
                {
                    return _standings[i];
                }
            }

            return KeyStanding.Good;
        }

        /// <summary>Takes the bulletin's list if it is newer than the one held; false (and no change) otherwise.</summary>
        public bool Apply(BulletinMessage bulletin)
        {
            if (bulletin.Sequence <= Sequence)
            {
                return false;
            }

            Sequence = bulletin.Sequence;
            _count = bulletin.Entries.Length;
            for (int i = 0; i < _count; i++)
            {
                _keyIds[i] = bulletin.Entries[i].KeyId;
                _standings[i] = bulletin.Entries[i].Standing;
            }

            return true;
        }

        public void Write(ByteWriter writer)
        {
            writer.WriteUInt32(Sequence);
            writer.WriteByte((byte)_count);
            for (int i = 0; i < _count; i++)
            {
                writer.WriteByte((byte)_standings[i]);
                writer.WriteUInt64(_keyIds[i]);
            }
        }

        public void Read(ByteReader reader)
        {
            Sequence = reader.ReadUInt32("saved bulletin sequence");
            int count = reader.ReadByte("saved bulletin count");
            if (count > BulletinMessage.MaxEntries)
            {
                throw new ProtocolException(ProtocolError.FieldOutOfRange, "saved bulletin has more than 32 entries");
            }

            for (int i = 0; i < count; i++)
            {
                _standings[i] = (KeyStanding)reader.ReadByte("saved bulletin standing");
                _keyIds[i] = reader.ReadUInt64("saved bulletin key id");
            }

            _count = count;
        }
    }
}
