using ShareKey.Protocol.Buffers;
using ShareKey.Protocol.Verification;

namespace ShareKey.Protocol.Messages
{
    /// <summary>
    /// BLE, device to phone: the outcome of a Command. When the device could establish the holder
    /// secret the MAC proves to the phone that the real device answered; otherwise it is all zeros
    /// and the phone must treat the result as unauthenticated.
    /// </summary>
    public sealed class ResultMessage : Message
    {
        public const ushort UnlimitedUses = 0xFFFF;

        public override MessageType Type
        {
            get { return MessageType.Result; }
        }

        public RefusalReason Status { get; set; }

        public CommandCode Command { get; set; }

        /// <summary>Uses left after this command; <see cref="UnlimitedUses"/> when the key has no limit.</summary>
        public ushort RemainingUses { get; set; }

        public uint DeviceTime { get; set; }

        /// <summary>16 bytes: HMAC(S, "sk1/result"‖device‖nonce‖message id‖status‖command‖remaining‖time), or zeros.</summary>
        public byte[] Mac { get; set; }

        public override string ToString()
        {
            return "Result#" + MessageId.ToString() + " " + Names.Of(Status) + " " + Names.Of(Command)
                + " remaining=" + (RemainingUses == UnlimitedUses ? "unlimited" : RemainingUses.ToString())
                + " time=" + DeviceTime.ToString() + " mac=" + Hex.Of(Mac);
        }
    }
}
