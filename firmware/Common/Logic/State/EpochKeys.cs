using System;
using ShareKey.Protocol.Buffers;
using ShareKey.Protocol.Security;

namespace ShareKey.Firmware.State
{
    /// <summary>
    /// The device's epoch keys (docs/architecture.md §4, R0): an active and a backup epoch. A rotation makes
    /// the active key the backup (dropping the old backup); a commit drops the backup. Until the
    /// cloud commits, tokens of both epochs open the device, so a lost acknowledgement never locks
    /// the next renter out (R0.4). Epoch 0 means "none"; a fresh board holds no key at all.
    /// </summary>
    public sealed class EpochKeys
    {
        public const int SavedLength = 2 * (4 + KeyWrap.EpochKeyLength);

        private readonly byte[] _activeKey = new byte[KeyWrap.EpochKeyLength];
        private readonly byte[] _backupKey = new byte[KeyWrap.EpochKeyLength];

        public uint ActiveEpoch { get; private set; }

        /// <summary>0 when there is no backup.</summary>
        public uint BackupEpoch { get; private set; }

        public bool Holds(uint epoch)
        {
            return epoch != 0 && (epoch == ActiveEpoch || epoch == BackupEpoch);
        }

        /// <summary>True when the active or the backup epoch is <paramref name="epoch"/> or older: a token under an epoch up to it could still verify.</summary>
        public bool HoldsAnyThrough(uint epoch)
        {
            return (ActiveEpoch != 0 && ActiveEpoch <= epoch) || (BackupEpoch != 0 && BackupEpoch <= epoch);
        }

        /// <summary>The key of a held epoch, else null. The array is the state's own: callers must not change it.</summary>
        public byte[] KeyOf(uint epoch)
        {
            if (epoch == 0)
            {
                return null;
            }

            if (epoch == ActiveEpoch)
            {
                return _activeKey;
            }

            return epoch == BackupEpoch ? _backupKey : null;
        }

        /// <summary>Makes <paramref name="epoch"/> active; the previous active epoch becomes the backup.</summary>
        public void Install(uint epoch, byte[] key)
        {
            if (ActiveEpoch != 0)
            {
                Array.Copy(_activeKey, 0, _backupKey, 0, _activeKey.Length);
                BackupEpoch = ActiveEpoch;
            }

            Array.Copy(key, 0, _activeKey, 0, _activeKey.Length);
            ActiveEpoch = epoch;
        }

        public void DropBackup()
        {
            Array.Clear(_backupKey, 0, _backupKey.Length);
            BackupEpoch = 0;
        }

        public void Write(ByteWriter writer)
        {
            writer.WriteUInt32(ActiveEpoch);
            writer.WriteBytes(_activeKey);
            writer.WriteUInt32(BackupEpoch);
            writer.WriteBytes(_backupKey);
        }

        public void Read(ByteReader reader)
        {
            ActiveEpoch = reader.ReadUInt32("saved active epoch");
            Array.Copy(reader.ReadBytes(_activeKey.Length, "saved active key"), 0, _activeKey, 0, _activeKey.Length);
            BackupEpoch = reader.ReadUInt32("saved backup epoch");
            Array.Copy(reader.ReadBytes(_backupKey.Length, "saved backup key"), 0, _backupKey, 0, _backupKey.Length);
        }
    }
}
