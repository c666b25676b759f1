namespace ShareKey.Protocol.Messages
{
    public enum EventKind : byte
    {
        Unlocked = 1,
        Locked = 2,
        Started = 3,
        /// <summary>A Command was refused; <see cref="EventRecord.Detail"/> holds the refusal reason.</summary>
        Refused = 4,
        /// <summary>Too many failures in the window; commands are refused for a while.</summary>
        LockedOut = 5,
        /// <summary>The proximity sensor changed; <see cref="EventRecord.Value"/> is 1 when a vehicle is present.</summary>
        Occupancy = 6,
        /// <summary><see cref="EventRecord.Value"/> is the state of charge in percent.</summary>
        StateOfCharge = 7,
        /// <summary>A RemoteLock was carried out; <see cref="EventRecord.Detail"/> is the target, <see cref="EventRecord.Value"/> the action.</summary>
        RemoteLocked = 8,
    }
}
