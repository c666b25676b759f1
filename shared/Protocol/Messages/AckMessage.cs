using ShareKey.Protocol.Buffers;

namespace ShareKey.Protocol.Messages
{
    /// <summary>
    /// MQTT up: the application-level acknowledgement of one down message, by its id. For a Rotate,
    /// <see cref="Proof"/> = HMAC(E(epoch), "sk1/ack"‖device‖epoch‖acked id), which only a device
    /// that unwrapped the new key can compute (R0.2–R0.3); otherwise it is zeros.
    /// </summary>
    public sealed class AckMessage : Message
    {
        public override MessageType Type
        {
            get { return MessageType.Ack; }
        }

        public uint AckedMessageId { get; set; }

        public AckStatus Status { get; set; }

        /// <summary>The epoch the proof is for; 0 when the acked message was not a Rotate.</summary>
        public uint Epoch { get; set; }

        /// <summary>16 bytes.</summary>
        public byte[] Proof { get; set; }

        public override string ToString()
        {
            return "Ack#" + MessageId.ToString() + " of#" + AckedMessageId.ToString() + " " + Names.Of(Status)
                + (Epoch != 0 ? " epoch=" + Epoch.ToString() + " proof=" + Hex.Of(Proof) : string.Empty);
        }
    }
}
