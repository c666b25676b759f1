namespace ShareKey.Protocol.Verification
{
    /// <summary>What the phone's user can do about an outcome: the "what the phone should do" column of docs/protocol.md §6.</summary>
    public enum Remedy : byte
    {
        /// <summary>Nothing: the command was carried out.</summary>
        None = 0,

        /// <summary>Read a fresh challenge and send again.</summary>
        RetryNow = 1,

        /// <summary>Move closer to the device and send again.</summary>
        MoveCloser = 2,

        /// <summary>Wait (a lock-out to end, the key's start to come, the car under a barrier to leave) and send again.</summary>
        Wait = 3,

        /// <summary>Fetch the key from the cloud again: it is renewed, or the cloud says it was revoked.</summary>
        FetchKey = 4,

        /// <summary>The key is for another device: pick the right one.</summary>
        PickOtherKey = 5,

        /// <summary>Only the owner or an operator can help: the key is revoked, or the owner holds the car with a remote lock.</summary>
        AskOwner = 6,

        /// <summary>The key it was shared from is revoked: ask the sharer for a new share.</summary>
        AskSharer = 7,

        /// <summary>The key or its parent is frozen: ask the manager to unfreeze it.</summary>
        AskManager = 8,

        /// <summary>The key does not allow this command; no retry changes that.</summary>
        NotAllowed = 9,

        /// <summary>The device could not decode the command: a bug in the phone to report.</summary>
        ReportBug = 10,

        /// <summary>The outcome is unknown: look whether the asset moved before sending again.</summary>
        CheckAsset = 11,
    }
}
