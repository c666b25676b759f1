using ShareKey.Protocol.Buffers;

namespace ShareKey.Protocol.Messages
{
    /// <summary>How many counted uses (unlock, start) a device has seen for one key.</summary>
    public sealed class KeyUse
    {
        public KeyUse(ulong keyId, ushort uses)
        {
            KeyId = keyId;
            Uses = uses;
        }

        public ulong KeyId { get; }

        public ushort Uses { get; }

        public override string ToString()
        {
            return Hex.OfId(KeyId) + "=" + Uses.ToString();
        }
    }
}
