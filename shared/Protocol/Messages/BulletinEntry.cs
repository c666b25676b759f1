using ShareKey.Protocol.Buffers;

namespace ShareKey.Protocol.Messages
{
    /// <summary>
    /// One key's standing in a bulletin, with the latest not-after of any token of that key: once
    /// the device clock reaches it the key is refused as expired anyway, so the device may forget
    /// the entry. A key absent from the newest bulletin is not frozen.
    /// </summary>
    public sealed class BulletinEntry
    {
        /// <summary>Not-after of a key whose tokens never expire (an owner key).</summary>
        public const uint NoExpiry = 0xFFFFFFFF;

        public BulletinEntry(ulong keyId, KeyStanding standing, uint notAfter)
        {
            KeyId = keyId;
            Standing = standing;
            NotAfter = notAfter;
        }

        public ulong KeyId { get; }

        public KeyStanding Standing { get; }

        /// <summary>
        /// The latest not-after of any token of the key; for a <see cref="KeyStanding.Changed"/> entry
        /// instead its <see cref="Fingerprint"/> (the same four bytes on the wire).
        /// </summary>
        public uint NotAfter { get; }

        /// <summary>A changed key's newest token: its tag's first four bytes, big-endian (see <see cref="FingerprintOf"/>).</summary>
        public uint Fingerprint
        {
            get { return NotAfter; }
        }

        /// <summary>The fingerprint a changed key's entry gives for its token <paramref name="tag"/>.</summary>
        public static uint FingerprintOf(byte[] tag)
        {
            return ((uint)tag[0] << 24) | ((uint)tag[1] << 16) | ((uint)tag[2] << 8) | tag[3];
        }

        public override string ToString()
        {
            return Hex.OfId(KeyId) + ":" + Names.Of(Standing) + "<" + NotAfter.ToString();
        }
    }
}
