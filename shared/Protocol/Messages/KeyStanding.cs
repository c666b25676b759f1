namespace ShareKey.Protocol.Messages
{
    /// <summary>What a bulletin or the device says of a key. Revocation is final; a freeze lasts until a later bulletin omits the key.</summary>
    public enum KeyStanding : byte
    {
        Good = 0,
        Revoked = 1,
        Frozen = 2,
        /// <summary>
        /// Device-local, never in a bulletin: the key handed its right to a transfer share (R2.6).
        /// Refused like a revoked key, and so are co-use shares made from it; the transfer share
        /// made from it keeps working.
        /// </summary>
        Transferred = 3,
    }
}
