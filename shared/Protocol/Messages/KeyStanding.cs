namespace ShareKey.Protocol.Messages
{
    /// <summary>What a bulletin or the device says of a key. Revocation and transfer are final; a freeze or a change lasts until a later bulletin omits the key.</summary>
    public enum KeyStanding : byte
    {
        Good = 0,
        Revoked = 1,
        Frozen = 2,
        /// <summary>
        /// The key handed its right to a transfer share (R2.6): the device records it when the share
        /// is first accepted, and the cloud lists it once the device has reported that. Refused like
        /// a revoked key, and so are co-use shares made from it; the transfer share keeps working.
        /// </summary>
        Transferred = 3,

        /// <summary>
        /// The key's limits were changed (R1.5): only its newest token is accepted — the one whose tag
        /// begins with the entry's fingerprint; older ones are refused <c>superseded</c>. Taken from the
        /// newest bulletin like a freeze (a key absent from it is not changed), and its descendants'
        /// tokens are untouched.
        /// </summary>
        Changed = 4,
    }
}
