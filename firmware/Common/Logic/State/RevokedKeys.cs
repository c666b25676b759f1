using ShareKey.Protocol;
using ShareKey.Protocol.Buffers;
using ShareKey.Protocol.Messages;

namespace ShareKey.Firmware.State
{
    /// <summary>
    /// Every revocation the device has learned and that still matters (docs/protocol.md §4.5,
    /// §9.3): from bulletins, from a Rotate's list, and the parents of transfer shares it accepted
    /// (R2.6). Learned revocations are merged, never replaced, so no later bulletin, phone or power
    /// cut brings a revoked key back. An entry is forgotten only when it can no longer matter: the
    /// device clock has reached the key's not-after (its tokens are refused as expired, and the
    /// clock never goes back), or the device holds no epoch up to the entry's epoch (no token of
    /// the key can verify). A transfer the device recorded itself is kept until a bulletin names the
    /// key, so the cloud has heard of it before the device may forget it.
    /// Bounded (<see cref="Capacity"/>). When a revocation finds no room even after forgetting what
    /// no longer matters, the device fails closed: every epoch up to the revocation's is sealed —
    /// no token under it verifies — until a Rotate brings a newer epoch and the sealed ones are gone.
    /// </summary>
    public sealed class RevokedKeys
    {
        /// <summary>Two held epochs of full bulletins (2 × 26) and room for a Rotate's list and unreported transfers.</summary>
        public const int Capacity = 64;

        public const int MaxSavedLength = 4 + 1 + (Capacity * 17);

        private const byte Outright = 1;
        private const byte Unreported = 2;

        private readonly ulong[] _keyIds = new ulong[Capacity];
        private readonly uint[] _epochs = new uint[Capacity];
        private readonly uint[] _notAfter = new uint[Capacity];
        private readonly byte[] _flags = new byte[Capacity];
        private int _count;

        public int Count
        {
            get { return _count; }
        }

        /// <summary>Every epoch up to this one is sealed (0: none): a revocation found no room.</summary>
        public uint SealedThrough { get; private set; }

        public bool IsSealed(uint epoch)
        {
            return epoch != 0 && epoch <= SealedThrough;
        }

        /// <summary>Revoked, Transferred (refused itself; only its transfer share may follow it) or Good.</summary>
        public KeyStanding StandingOf(ulong keyId)
        {
            int index = IndexOf(keyId);
            if (index < 0)
            {
                return KeyStanding.Good;
            }

            return (_flags[index] & Outright) != 0 ? KeyStanding.Revoked : KeyStanding.Transferred;
        }

        /// <summary>
        /// A revocation the cloud announced (a bulletin entry or a Rotate's list): tokens of the key
        /// exist under <paramref name="epoch"/> or earlier and none is valid at or after
        /// <paramref name="notAfter"/>. <paramref name="outright"/> is false for a transfer.
        /// </summary>
        public void Announce(ulong keyId, bool outright, uint epoch, uint notAfter, EpochKeys held, uint now)
        {
            int index = IndexOf(keyId);
            if (index >= 0)
            {
                bool unreported = (_flags[index] & Unreported) != 0;
                _epochs[index] = unreported || epoch > _epochs[index] ? epoch : _epochs[index];
                _notAfter[index] = unreported || notAfter > _notAfter[index] ? notAfter : _notAfter[index];
                _flags[index] = (byte)((_flags[index] & Outright) | (outright ? Outright : 0));
                return;
            }

            if (!Matters(epoch, notAfter, held, now))
            {
                return;
            }

            if (!MakeRoom(held, now))
            {
                if (epoch > SealedThrough)
                {
                    SealedThrough = epoch;
                }

                return;
            }

            Add(keyId, epoch, notAfter, outright ? Outright : (byte)0);
        }

        /// <summary>
        /// The parent of a transfer share just accepted (R2.6); kept until a bulletin names it. False
        /// when there is no room: the caller refuses the share rather than let both keys work.
        /// </summary>
        public bool RecordTransfer(ulong parentKeyId, uint epoch, EpochKeys held, uint now)
        {
            if (IndexOf(parentKeyId) >= 0)
            {
                return true;
            }

            if (!MakeRoom(held, now))
            {
                return false;
            }

            Add(parentKeyId, epoch, BulletinEntry.NoExpiry, Unreported);
            return true;
        }

        /// <summary>Forgets entries that can no longer matter, and lifts a seal once no sealed epoch is held.</summary>
        public void Prune(EpochKeys held, uint now)
        {
            int kept = 0;
            for (int i = 0; i < _count; i++)
            {
                if ((_flags[i] & Unreported) == 0 && !Matters(_epochs[i], _notAfter[i], held, now))
                {
                    continue;
                }

                _keyIds[kept] = _keyIds[i];
                _epochs[kept] = _epochs[i];
                _notAfter[kept] = _notAfter[i];
                _flags[kept] = _flags[i];
                kept++;
            }

            _count = kept;
            if (SealedThrough != 0 && !held.HoldsAnyThrough(SealedThrough))
            {
                SealedThrough = 0;
            }
        }

        public void Write(ByteWriter writer)
        {
            writer.WriteUInt32(SealedThrough);
            writer.WriteByte((byte)_count);
            for (int i = 0; i < _count; i++)
            {
                writer.WriteUInt64(_keyIds[i]);
                writer.WriteUInt32(_epochs[i]);
                writer.WriteUInt32(_notAfter[i]);
                writer.WriteByte(_flags[i]);
            }
        }

        public void Read(ByteReader reader)
        {
            uint sealedThrough = reader.ReadUInt32("saved sealed epoch");
            int count = reader.ReadByte("saved revocation count");
            if (count > Capacity)
            {
                throw new ProtocolException(ProtocolError.FieldOutOfRange, "saved revocations exceed the table");
            }

            for (int i = 0; i < count; i++)
            {
                _keyIds[i] = reader.ReadUInt64("saved revoked key id");
                _epochs[i] = reader.ReadUInt32("saved revocation epoch");
                _notAfter[i] = reader.ReadUInt32("saved revocation not-after");
                _flags[i] = reader.ReadByte("saved revocation kind");
            }

            _count = count;
            SealedThrough = sealedThrough;
        }

        /// <summary>A token of the key could still verify and be in time: the device holds an epoch up to its epoch, and its clock is before the not-after.</summary>
        private static bool Matters(uint epoch, uint notAfter, EpochKeys held, uint now)
        {
            return now < notAfter && held.HoldsAnyThrough(epoch);
        }

        private bool MakeRoom(EpochKeys held, uint now)
        {
            if (_count == Capacity)
            {
                Prune(held, now);
            }

            return _count < Capacity;
        }

        private void Add(ulong keyId, uint epoch, uint notAfter, byte flags)
        {
            _keyIds[_count] = keyId;
            _epochs[_count] = epoch;
            _notAfter[_count] = notAfter;
            _flags[_count] = flags;
            _count++;
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
