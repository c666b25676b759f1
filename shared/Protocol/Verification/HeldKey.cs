using ShareKey.Protocol.Messages;
using ShareKey.Protocol.Tokens;

namespace ShareKey.Protocol.Verification
{
    /// <summary>
    /// What a phone holds for one key (docs/protocol.md §4.2): the token, the holder secret S the
    /// cloud gave with it, and the newest bulletin and signed time the cloud gave it to carry to an
    /// offline device (each null when it gave none). The attachments carry MACs under keys the phone
    /// does not have, so a phone can carry them but never make or alter one.
    /// </summary>
    public sealed class HeldKey
    {
        public HeldKey(KeyToken token, byte[] holderSecret)
        {
            Token = token;
            HolderSecret = holderSecret;
        }

        public KeyToken Token { get; }

        /// <summary>32 bytes: S = HMAC(E(n), "sk1/holder"‖device id‖key id).</summary>
        public byte[] HolderSecret { get; }

        public BulletinMessage Bulletin { get; set; }

        public TimeSyncMessage Time { get; set; }
    }
}
