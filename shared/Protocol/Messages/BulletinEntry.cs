using ShareKey.Protocol.Buffers;

namespace ShareKey.Protocol.Messages
{
    /// <summary>One key's standing in a bulletin. A key absent from the newest bulletin is in good standing (unfrozen).</summary>
    public sealed class BulletinEntry
    {
        public BulletinEntry(ulong keyId, KeyStanding standing)
        {
            KeyId = keyId;
            Standing = standing;
        }

        public ulong KeyId { get; }

        public KeyStanding Standing { get; }

        public override string ToString()
        {
            return Hex.OfId(KeyId) + ":" + Names.Of(Standing);
        }
    }
}
