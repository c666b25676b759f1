using ShareKey.Protocol.Buffers;
using ShareKey.Protocol.Security;

namespace ShareKey.Protocol.Messages
{
    /// <summary>
    /// MQTT down: install epoch key E(<see cref="Epoch"/>) as active and keep the current one as
    /// backup (R0.1). The key travels wrapped under the device root key; the returning renter's
    /// keys are revoked in the same step. Answered by an Ack whose proof shows the device holds E(n).
    /// </summary>
    public sealed class RotateMessage : Message
    {
        public const int MaxRevokedKeys = 32;

        public override MessageType Type
        {
            get { return MessageType.Rotate; }
        }

        public uint Epoch { get; set; }

        public WrappedKey WrappedKey { get; set; }

        /// <summary>Key ids that must stop working at once, even under the backup epoch.</summary>
        public ulong[] RevokedKeyIds { get; set; }

        public override string ToString()
        {
            string revoked = string.Empty;
            for (int i = 0; i < RevokedKeyIds.Length; i++)
            {
                revoked += (i == 0 ? string.Empty : ",") + Hex.OfId(RevokedKeyIds[i]);
            }

            return "Rotate#" + MessageId.ToString() + " epoch=" + Epoch.ToString() + " revoked=[" + revoked + "]";
        }
    }
}
