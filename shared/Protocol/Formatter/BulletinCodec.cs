using ShareKey.Protocol.Buffers;
using ShareKey.Protocol.Messages;
using ShareKey.Protocol.Security;

namespace ShareKey.Protocol.Formatter
{
    /// <summary>
    /// The bulletin and signed-time bodies (docs/protocol.md §4.5, §4.6). They are the payloads of
    /// the Bulletin and TimeSync frames and also ride inside a Command, so they live apart from
    /// the message encoder.
    /// </summary>
    public static class BulletinCodec
    {
        public const int TimeSyncSize = 8 + 4 + Macs.MacLength;

        /// <summary>Writes the bytes the bulletin MAC covers.</summary>
        public static void WriteSigned(ByteWriter writer, BulletinMessage bulletin)
        {
            FieldRules.RequireCount(bulletin.Entries.Length, BulletinMessage.MaxEntries, "bulletin");
            writer.WriteUInt64(bulletin.DeviceId);
            writer.WriteUInt32(bulletin.Sequence);
            writer.WriteUInt32(bulletin.IssuedAt);
            writer.WriteUInt32(bulletin.Epoch);
            writer.WriteByte((byte)bulletin.Entries.Length);
            for (int i = 0; i < bulletin.Entries.Length; i++)
            {
                writer.WriteByte((byte)bulletin.Entries[i].Standing);
                writer.WriteUInt64(bulletin.Entries[i].KeyId);
                writer.WriteUInt32(bulletin.Entries[i].NotAfter);
            }
        }

        public static void WriteBulletin(ByteWriter writer, BulletinMessage bulletin)
        {
            FieldRules.RequireLength(bulletin.Mac, Macs.MacLength, "bulletin MAC");
            WriteSigned(writer, bulletin);
            writer.WriteBytes(bulletin.Mac);
        }

        public static BulletinMessage ReadBulletin(ByteReader reader)
        {
            BulletinMessage bulletin = new BulletinMessage();
            bulletin.DeviceId = reader.ReadUInt64("bulletin device id");
            bulletin.Sequence = reader.ReadUInt32("bulletin sequence");
            bulletin.IssuedAt = reader.ReadUInt32("bulletin issued-at");
            bulletin.Epoch = reader.ReadUInt32("bulletin epoch");
            int count = reader.ReadByte("bulletin entry count");
            FieldRules.Require(bulletin.Sequence != 0, "B1: bulletin sequence is 0");
            FieldRules.Require(count <= BulletinMessage.MaxEntries, "B2: bulletin has more than 26 entries");
            BulletinEntry[] entries = new BulletinEntry[count];
            for (int i = 0; i < count; i++)
            {
                byte standing = reader.ReadByte("bulletin entry standing");
                ulong keyId = reader.ReadUInt64("bulletin entry key id");
                uint notAfter = reader.ReadUInt32("bulletin entry not-after or fingerprint");
                FieldRules.Require(
                    standing >= (byte)KeyStanding.Revoked && standing <= (byte)KeyStanding.Changed,
                    "B3: bulletin entry standing is not revoked (1), frozen (2), transferred (3) or changed (4)");
                FieldRules.Require(keyId != 0, "B4: bulletin entry key id is 0");
                for (int j = 0; j < i; j++)
                {
                    FieldRules.Require(entries[j].KeyId != keyId, "B5: bulletin names a key twice");
                }

                entries[i] = new BulletinEntry(keyId, (KeyStanding)standing, notAfter);
            }

            bulletin.Entries = entries;
            bulletin.Mac = reader.ReadBytes(Macs.MacLength, "bulletin MAC");
            return bulletin;
        }

        public static void WriteTimeSync(ByteWriter writer, TimeSyncMessage time)
        {
            FieldRules.RequireLength(time.Mac, Macs.MacLength, "time MAC");
            writer.WriteUInt64(time.DeviceId);
            writer.WriteUInt32(time.Time);
            writer.WriteBytes(time.Mac);
        }

        public static TimeSyncMessage ReadTimeSync(ByteReader reader)
        {
            TimeSyncMessage time = new TimeSyncMessage();
            time.DeviceId = reader.ReadUInt64("time device id");
            time.Time = reader.ReadUInt32("time value");
            time.Mac = reader.ReadBytes(Macs.MacLength, "time MAC");
            return time;
        }
    }
}
