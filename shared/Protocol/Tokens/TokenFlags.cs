using System;

namespace ShareKey.Protocol.Tokens
{
    [Flags]
    public enum TokenFlags : byte
    {
        None = 0,
        /// <summary>
        /// A share by transfer (R2.6): once this key is accepted, the device revokes the parent key
        /// locally, so the sharer's key stops working when the recipient's starts, even offline.
        /// </summary>
        TransferFromParent = 0x01,
    }
}
