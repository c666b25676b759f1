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

        public uint NotAfter { get; }

        public override string ToString()
        {
            return Hex.OfId(KeyId) + ":" + Names.Of(Standing) + "<" + NotAfter.ToString();
        }
    }
}
