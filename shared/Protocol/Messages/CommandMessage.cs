using ShareKey.Protocol.Buffers;
using ShareKey.Protocol.Tokens;

namespace ShareKey.Protocol.Messages
{
    /// <summary>
    /// BLE, phone to device: the single write of an unlock. Carries the token, the command, the
    /// challenge nonce and a MAC under the holder secret; optionally a bulletin and a signed time
    /// the phone carries for a device with no network.
    /// </summary>
    public sealed class CommandMessage : Message
    {
        public override MessageType Type
        {
            get { return MessageType.Command; }
        }

        public KeyToken Token { get; set; }

        public CommandCode Command { get; set; }

        /// <summary>The 16-byte nonce of the challenge this command answers.</summary>
        public byte[] Nonce { get; set; }

        /// <summary>Optional; the newest bulletin the phone holds for this device.</summary>
        public BulletinMessage Bulletin { get; set; }

        /// <summary>Optional; a cloud-signed time to move an offline device's clock forward.</summary>
        public TimeSyncMessage Time { get; set; }

        /// <summary>16 bytes: HMAC(S, "sk1/cmd"‖device‖nonce‖command‖token tag), truncated.</summary>
        public byte[] Mac { get; set; }

        public override string ToString()
        {
            return "Command#" + MessageId.ToString() + " " + Names.Of(Command) + " nonce=" + Hex.Of(Nonce)
                + (Bulletin != null ? " +bulletin#" + Bulletin.Sequence.ToString() : string.Empty)
                + (Time != null ? " +time=" + Time.Time.ToString() : string.Empty)
                + " token=[" + (Token == null ? "none" : Token.ToString()) + "]";
        }
    }
}
