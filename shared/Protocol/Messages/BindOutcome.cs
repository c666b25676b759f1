namespace ShareKey.Protocol.Messages
{
    /// <summary>The cloud's answer to a BindRequest, one value per case of R4.3.</summary>
    public enum BindOutcome : byte
    {
        /// <summary>The IMSI was unbound; it is now bound to the VIN.</summary>
        Bound = 1,
        /// <summary>The IMSI was already bound to this VIN.</summary>
        Confirmed = 2,
        /// <summary>The IMSI was bound to another VIN; that pair was dropped and this one made.</summary>
        Rebound = 3,
        /// <summary>Refused; <see cref="BindResultMessage.Reason"/> says why. The device keeps its flag and retries later.</summary>
        Rejected = 4,
    }
}
