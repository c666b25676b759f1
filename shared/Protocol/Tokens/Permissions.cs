using System;

namespace ShareKey.Protocol.Tokens
{
    /// <summary>What a key may do. A Command needs the bit matching its code.</summary>
    [Flags]
    public enum Permissions : byte
    {
        None = 0,
        Unlock = 0x01,
        Lock = 0x02,
        Start = 0x04,
        /// <summary>May share this key with others (R2.5); checked by the cloud, recorded on the token for the device's report.</summary>
        Share = 0x08,
        /// <summary>The asset's manager or owner (R2.7, R3.1); checked by the cloud.</summary>
        Manage = 0x10,
    }
}
