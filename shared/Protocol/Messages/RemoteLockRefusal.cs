namespace ShareKey.Protocol.Messages
{
    /// <summary>Why a T-BOX refused a RemoteLock (the detail of a remote-lock-refused event; docs/protocol.md §9.7).</summary>
    public enum RemoteLockRefusal : byte
    {
        /// <summary>Its requested-at is more than the device's maximum age behind the device clock.</summary>
        TooOld = 1,
        /// <summary>Its requested-at is earlier than that of a RemoteLock the device already carried out: an older order arriving late.</summary>
        Superseded = 2,
    }
}
