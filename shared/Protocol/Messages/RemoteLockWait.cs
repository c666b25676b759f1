namespace ShareKey.Protocol.Messages
{
    /// <summary>What an armed remote lock waits for before it engages (the value of a remote-lock-armed event).</summary>
    public enum RemoteLockWait : byte
    {
        /// <summary>The vehicle is moving.</summary>
        Moving = 1,
        /// <summary>Stationary, but the ignition is on.</summary>
        IgnitionOn = 2,
        /// <summary>The vehicle bus gave no reading, so the T-BOX cannot tell it is safe.</summary>
        NoReading = 3,
    }
}
