using ShareKey.Protocol.Buffers;

namespace ShareKey.Protocol.Security
{
    /// <summary>An epoch key encrypted for one device: IV (16) ‖ AES-256-CBC ciphertext (32) ‖ tag (16) — 64 bytes on the wire.</summary>
    public sealed class WrappedKey
    {
        public const int IvLength = 16;
        public const int CiphertextLength = 32;
        public const int Size = IvLength + CiphertextLength + Macs.MacLength;

        public WrappedKey(byte[] iv, byte[] ciphertext, byte[] tag)
        {
            Iv = iv;
            Ciphertext = ciphertext;
            Tag = tag;
        }

        public byte[] Iv { get; }

        public byte[] Ciphertext { get; }

        public byte[] Tag { get; }

        public override string ToString()
        {
            return "iv=" + Hex.Of(Iv) + " ct=" + Hex.Of(Ciphertext) + " tag=" + Hex.Of(Tag);
        }
    }
}
