namespace ShareKey.Protocol.Messages
{
    /// <summary>Where a T-BOX's remote lock stands (R3), as a VehicleReport carries it.</summary>
    public enum RemoteLockState : byte
    {
        Released = 0,
        /// <summary>A lock was accepted and waits until the vehicle is stationary with the ignition off.</summary>
        Armed = 1,
        /// <summary>The immobiliser and the charge-inlet lock are held until a remote release.</summary>
        Engaged = 2,
    }
}
