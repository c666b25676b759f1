using ShareKey.Protocol.Buffers;

namespace ShareKey.Protocol.Messages
{
    /// <summary>
    /// The complete set of revoked and frozen keys in force on one device at <see cref="Sequence"/>.
    /// Sent over MQTT and carried by phones inside a Command, so a device with no network still
    /// learns of revocations. A device applies a bulletin only when its sequence is newer than the
    /// one it holds, and replaces its whole set: a lost bulletin is repaired by the next one.
    /// MAC'd under the root key's bulletin sub-key, so a phone cannot forge or alter it.
    /// </summary>
    public sealed class BulletinMessage : Message
    {
        /// <summary>Keeps a phone-carried Command inside one 512-byte GATT write; past it the cloud rotates the epoch instead.</summary>
        public const int MaxEntries = 32;

        public override MessageType Type
        {
            get { return MessageType.Bulletin; }
        }

        public ulong DeviceId { get; set; }

        public uint Sequence { get; set; }

        public uint IssuedAt { get; set; }

        public BulletinEntry[] Entries { get; set; }

        /// <summary>16 bytes: HMAC(K_bulletin, "sk1/bulletin"‖device‖sequence‖issued‖entries), truncated.</summary>
        public byte[] Mac { get; set; }

        public override string ToString()
        {
            string entries = string.Empty;
            for (int i = 0; i < Entries.Length; i++)
            {
                entries += (i == 0 ? string.Empty : ",") + Entries[i].ToString();
            }

            return "Bulletin#" + MessageId.ToString() + " device=" + Hex.OfId(DeviceId) + " seq=" + Sequence.ToString()
                + " issued=" + IssuedAt.ToString() + " [" + entries + "]";
        }
    }
}
