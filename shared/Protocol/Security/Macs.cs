using ShareKey.Protocol.Crypto;
using ShareKey.Protocol.Buffers;
using ShareKey.Protocol.Formatter;
using ShareKey.Protocol.Messages;
using ShareKey.Protocol.Tokens;

namespace ShareKey.Protocol.Security
{
    /// <summary>
    /// Every MAC and derived secret of the protocol, one method each, laid out exactly as in
    /// docs/protocol.md §5: HMAC-SHA256(key, label‖0‖fields). MACs on the wire are the first 16
    /// bytes. Keeps one scratch buffer, so it is not thread-safe: give each thread its own.
    /// <see cref="HmacCount"/> counts HMAC computations so tests and benchmarks can hold the
    /// per-unlock budget.
    /// </summary>
    public sealed class Macs
    {
        public const int MacLength = 16;
        public const int SecretLength = 32;

        private readonly ICryptoProvider _crypto;
        private readonly ByteWriter _input = new ByteWriter(128);

        public Macs(ICryptoProvider crypto)
        {
            _crypto = crypto;
        }

        public ICryptoProvider Crypto
        {
            get { return _crypto; }
        }

        /// <summary>HMAC computations since construction.</summary>
        public int HmacCount { get; private set; }

        /// <summary>K = HMAC(R, label‖0): a 32-byte sub-key of a root key.</summary>
        public byte[] SubKey(byte[] rootKey, string label)
        {
            Begin(label);
            return Full(rootKey);
        }

        /// <summary>Tag of a token: HMAC(E(n), "sk1/token"‖0‖the token's 49 signed bytes).</summary>
        public byte[] TokenTag(byte[] epochKey, KeyToken token)
        {
            Begin(Labels.Token);
            TokenCodec.WriteSigned(_input, token);
            return Truncated(epochKey);
        }

        /// <summary>Holder secret S = HMAC(E(n), "sk1/holder"‖0‖device‖key id): given to the phone over HTTPS, never sent over BLE.</summary>
        public byte[] HolderSecret(byte[] epochKey, ulong deviceId, ulong keyId)
        {
            Begin(Labels.Holder);
            _input.WriteUInt64(deviceId);
            _input.WriteUInt64(keyId);
            return Full(epochKey);
        }

        /// <summary>
        /// Command MAC = HMAC(S, "sk1/cmd"‖0‖device‖nonce‖command‖token tag‖attachments‖[bulletin MAC]‖[time MAC]).
        /// Binding the attachments means a relay cannot strip or swap what the phone carries
        /// without the command failing (docs/protocol.md §4.2).
        /// </summary>
        public byte[] CommandMac(byte[] holderSecret, ulong deviceId, CommandMessage command)
        {
            Begin(Labels.Command);
            _input.WriteUInt64(deviceId);
            _input.WriteBytes(command.Nonce);
            _input.WriteByte((byte)command.Command);
            _input.WriteBytes(command.Token.Tag);
            _input.WriteByte(CommandLayout.AttachmentsOf(command));
            if (command.Bulletin != null)
            {
                _input.WriteBytes(command.Bulletin.Mac);
            }

            if (command.Time != null)
            {
                _input.WriteBytes(command.Time.Mac);
            }

            return Truncated(holderSecret);
        }

        /// <summary>Result MAC = HMAC(S, "sk1/result"‖0‖device‖nonce‖message id‖status‖command‖remaining‖time).</summary>
        public byte[] ResultMac(byte[] holderSecret, ulong deviceId, byte[] nonce, ResultMessage result)
        {
            Begin(Labels.Result);
            _input.WriteUInt64(deviceId);
            _input.WriteBytes(nonce);
            _input.WriteUInt32(result.MessageId);
            _input.WriteByte((byte)result.Status);
            _input.WriteByte((byte)result.Command);
            _input.WriteUInt16(result.RemainingUses);
            _input.WriteUInt32(result.DeviceTime);
            return Truncated(holderSecret);
        }

        /// <summary>Wrap tag = HMAC(K_wrap-mac, "sk1/wrap"‖0‖device‖epoch‖IV‖ciphertext): encrypt-then-MAC.</summary>
        public byte[] WrapTag(byte[] wrapMacKey, ulong deviceId, uint epoch, byte[] iv, byte[] ciphertext)
        {
            Begin(Labels.Wrap);
            _input.WriteUInt64(deviceId);
            _input.WriteUInt32(epoch);
            _input.WriteBytes(iv);
            _input.WriteBytes(ciphertext);
            return Truncated(wrapMacKey);
        }

        /// <summary>Ack proof = HMAC(E(n), "sk1/ack"‖0‖device‖epoch‖acked message id): only a holder of E(n) can answer a Rotate.</summary>
        public byte[] AckProof(byte[] epochKey, ulong deviceId, uint epoch, uint ackedMessageId)
        {
            Begin(Labels.AckProof);
            _input.WriteUInt64(deviceId);
            _input.WriteUInt32(epoch);
            _input.WriteUInt32(ackedMessageId);
            return Truncated(epochKey);
        }

        /// <summary>Bulletin MAC = HMAC(K_bulletin, "sk1/bulletin"‖0‖device‖sequence‖issued‖epoch‖count‖entries).</summary>
        public byte[] BulletinMac(byte[] bulletinKey, BulletinMessage bulletin)
        {
            Begin(Labels.Bulletin);
            BulletinCodec.WriteSigned(_input, bulletin);
            return Truncated(bulletinKey);
        }

        /// <summary>Signed time MAC = HMAC(K_time, "sk1/time"‖0‖device‖time).</summary>
        public byte[] TimeMac(byte[] timeKey, ulong deviceId, uint time)
        {
            Begin(Labels.Time);
            _input.WriteUInt64(deviceId);
            _input.WriteUInt32(time);
            return Truncated(timeKey);
        }

        /// <summary>Link MAC = HMAC(K_link-down or K_link-up, "sk1/link"‖0‖frame header‖payload): authenticates every MQTT frame.</summary>
        public byte[] LinkMac(byte[] linkKey, byte[] frame, int offset, int count)
        {
            Begin(Labels.Link);
            _input.WriteBytes(frame, offset, count);
            return Truncated(linkKey);
        }

        private void Begin(string label)
        {
            _input.Reset();
            _input.WriteLabel(label);
        }

        private byte[] Full(byte[] key)
        {
            HmacCount++;
            return _crypto.HmacSha256(key, _input.Buffer, 0, _input.Length);
        }

        private byte[] Truncated(byte[] key)
        {
            byte[] full = Full(key);
            byte[] mac = new byte[MacLength];
            System.Array.Copy(full, 0, mac, 0, MacLength);
            return mac;
        }
    }
}
