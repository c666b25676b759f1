namespace ShareKey.Protocol.Messages
{
    /// <summary>What a phone asks the device to do. Each needs the matching <see cref="ShareKey.Protocol.Tokens.Permissions"/> bit.</summary>
    public enum CommandCode : byte
    {
        /// <summary>Open the doors, or lower the parking barrier. Counts against the key's use limit.</summary>
        Unlock = 1,
        /// <summary>Close the doors, or raise the barrier. Never counted, so a key at its limit can still secure the asset.</summary>
        Lock = 2,
        /// <summary>Release the immobiliser for driving. Counts against the key's use limit.</summary>
        Start = 3,
    }
}
