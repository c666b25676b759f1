using System;
using ShareKey.Protocol.Buffers;
using ShareKey.Protocol.Messages;
using ShareKey.Protocol.Security;

namespace ShareKey.Firmware.State
{
    /// <summary>
    /// The outcomes of the most recent down messages (docs/protocol.md §9.5). The cloud numbers a
    /// device's down messages increasingly; the window covers the <see cref="Size"/> ids ending at
    /// the highest one handled. An id in the window that was handled gets its Ack again (a resend
    /// after a lost Ack); one in the window not yet seen is new (QoS 1 may deliver out of order); one
    /// below the window is stale and never applied, so a captured RemoteLock or Rotate cannot be
    /// replayed later. Saved with the rest of the device state in the same record, so a message's
    /// effect and its remembered Ack reach flash together or not at all.
    /// </summary>
    public sealed class AckWindow
    {
        public const int Size = 8;
        public const int SavedLength = 1 + 4 + (Size * (1 + 4 + 1 + 4 + Macs.MacLength));

        private readonly uint[] _ids = new uint[Size];
        private readonly bool[] _used = new bool[Size];
        private readonly AckStatus[] _statuses = new AckStatus[Size];
        private readonly uint[] _epochs = new uint[Size];
        private readonly byte[] _proofs = new byte[Size * Macs.MacLength];
        private bool _any;
        private uint _highest;

        /// <summary>True when <paramref name="messageId"/> lies below the window: answer Stale, apply nothing.</summary>
        public bool IsStale(uint messageId)
        {
            return _any && messageId < _highest && _highest - messageId >= Size;
        }

        /// <summary>The Ack already sent for <paramref name="messageId"/>, rebuilt from the window; null if it was not handled.</summary>
        public AckMessage Find(uint messageId)
        {
            if (!_any || IsStale(messageId) || messageId > _highest)
            {
                return null;
            }

            int slot = (int)(messageId % Size);
            if (!_used[slot] || _ids[slot] != messageId)
            {
                return null;
            }

            AckMessage ack = new AckMessage();
            ack.AckedMessageId = messageId;
            ack.Status = _statuses[slot];
            ack.Epoch = _epochs[slot];
            ack.Proof = new byte[Macs.MacLength];
            Array.Copy(_proofs, slot * Macs.MacLength, ack.Proof, 0, Macs.MacLength);
            return ack;
        }

        /// <summary>Records the Ack of a message just handled (not stale, not already in the window).</summary>
        public void Remember(AckMessage ack)
        {
            uint id = ack.AckedMessageId;
            if (!_any || id > _highest)
            {
                _highest = id;
                _any = true;
            }

            // The window spans Size consecutive ids, so id % Size names a slot no other id in it uses.
            int slot = (int)(id % Size);
            _ids[slot] = id;
            _used[slot] = true;
            _statuses[slot] = ack.Status;
            _epochs[slot] = ack.Epoch;
            Array.Copy(ack.Proof, 0, _proofs, slot * Macs.MacLength, Macs.MacLength);
        }

        public void Write(ByteWriter writer)
        {
            writer.WriteByte(_any ? (byte)1 : (byte)0);
            writer.WriteUInt32(_highest);
            for (int slot = 0; slot < Size; slot++)
            {
                writer.WriteByte(_used[slot] ? (byte)1 : (byte)0);
                writer.WriteUInt32(_ids[slot]);
                writer.WriteByte((byte)_statuses[slot]);
                writer.WriteUInt32(_epochs[slot]);
                writer.WriteBytes(_proofs, slot * Macs.MacLength, Macs.MacLength);
            }
        }

        public void Read(ByteReader reader)
        {
            _any = reader.ReadByte("saved window flag") != 0;
            _highest = reader.ReadUInt32("saved highest message id");
            for (int slot = 0; slot < Size; slot++)
            {
                _used[slot] = reader.ReadByte("saved window slot flag") != 0;
                _ids[slot] = reader.ReadUInt32("saved window message id");
                _statuses[slot] = (AckStatus)reader.ReadByte("saved window status");
                _epochs[slot] = reader.ReadUInt32("saved window epoch");
                byte[] proof = reader.ReadBytes(Macs.MacLength, "saved window proof");
                Array.Copy(proof, 0, _proofs, slot * Macs.MacLength, Macs.MacLength);
            }
        }
    }
}
