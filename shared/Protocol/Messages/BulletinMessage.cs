using ShareKey.Protocol.Buffers;

namespace ShareKey.Protocol.Messages
{
    /// <summary>
    /// The revoked, transferred and frozen keys in force on one device at <see cref="Sequence"/>
    /// (docs/protocol.md §4.5). Sent over MQTT and carried by phones inside a Command, so a device
    /// with no network still learns of revocations. A device applies a bulletin only when its
    /// sequence is newer than the one it holds: it adds the revocations to those it keeps (never
    /// drops one that still matters), takes the freezes as the complete set, and moves its clock to
    /// <see cref="IssuedAt"/>. MAC'd under the root key's bulletin sub-key, so a phone cannot forge
    /// or alter it.
    /// </summary>
    public sealed class BulletinMessage : Message
    {
        /// <summary>
        /// Keeps a phone-carried Command with a signed time inside one 512-byte GATT write
        /// (172 + 13 × 26 = 510). The cloud refuses new keys on a device rather than need more (§4.5).
        /// </summary>
        public const int MaxEntries = 26;

        public override MessageType Type
        {
            get { return MessageType.Bulletin; }
        }

        public ulong DeviceId { get; set; }

        public uint Sequence { get; set; }

        /// <summary>The cloud's time when it built the bulletin; signed, so the device clock moves up to it.</summary>
        public uint IssuedAt { get; set; }

        /// <summary>The device's epoch in the cloud when the bulletin was built: no listed key has a token under a later epoch.</summary>
        public uint Epoch { get; set; }

        public BulletinEntry[] Entries { get; set; }

        /// <summary>16 bytes: HMAC(K_bulletin, "sk1/bulletin"‖device‖sequence‖issued‖epoch‖count‖entries), truncated.</summary>
        public byte[] Mac { get; set; }

        public override string ToString()
        {
            string entries = string.Empty;
            for (int i = 0; i < Entries.Length; i++)
            {
                entries += (i == 0 ? string.Empty : ",") + Entries[i].ToString();
            }

            return "Bulletin#" + MessageId.ToString() + " device=" + Hex.OfId(DeviceId) + " seq=" + Sequence.ToString()
                + " issued=" + IssuedAt.ToString() + " epoch=" + Epoch.ToString() + " [" + entries + "]";
        }
    }
}
