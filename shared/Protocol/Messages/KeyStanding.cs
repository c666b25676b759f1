namespace ShareKey.Protocol.Messages
{
    /// <summary>What a bulletin says of a key. Revocation is final; a freeze lasts until a later bulletin omits the key.</summary>
    public enum KeyStanding : byte
    {
        Good = 0,
        Revoked = 1,
        Frozen = 2,
    }
}
