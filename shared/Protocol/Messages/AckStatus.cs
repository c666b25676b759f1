namespace ShareKey.Protocol.Messages
{
    /// <summary>How a device answered a down message. A duplicate (same message id) gets the same status again.</summary>
    public enum AckStatus : byte
    {
        /// <summary>Applied (or already applied).</summary>
        Applied = 0,
        /// <summary>Decoded but refused: e.g. a Commit for an epoch the device does not hold, or a stale bulletin.</summary>
        Refused = 1,
        /// <summary>The key wrap did not verify under this device's root key.</summary>
        BadWrap = 2,
        /// <summary>The message id is older than the device's replay window; nothing was done.</summary>
        Stale = 3,
        /// <summary>The device understood the frame but does not implement the action (e.g. a parking lock asked to immobilise).</summary>
        Unsupported = 4,
    }
}
