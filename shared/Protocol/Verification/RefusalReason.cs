namespace ShareKey.Protocol.Verification
{
    /// <summary>
    /// The outcome of verifying a Command, as carried in a Result's status byte and in Refused
    /// events. Exactly one reason per refusal; docs/protocol.md §6 says what a phone should do
    /// about each (retry with a fresh challenge, wait, or ask the cloud for a new key).
    /// </summary>
    public enum RefusalReason : byte
    {
        Accepted = 0,
        /// <summary>The token's tag does not verify under the epoch key it names: forged or altered.</summary>
        BadTag = 1,
        /// <summary>The token was issued for another device.</summary>
        WrongDevice = 2,
        /// <summary>The device holds neither the token's epoch as active nor as backup (rotated away).</summary>
        UnknownEpoch = 3,
        /// <summary>The device clock is before the token's not-before.</summary>
        NotYetValid = 4,
        /// <summary>The device clock is at or past the token's not-after.</summary>
        Expired = 5,
        /// <summary>The key has used all its counted uses on this device.</summary>
        UsesExhausted = 6,
        Revoked = 7,
        /// <summary>The key this one was shared from is revoked, so the share is void.</summary>
        ParentRevoked = 8,
        /// <summary>The key, or the key it was shared from, is frozen.</summary>
        Frozen = 9,
        /// <summary>The token lacks the permission the command needs.</summary>
        NotPermitted = 10,
        /// <summary>The command MAC does not verify: the sender does not hold the holder secret.</summary>
        BadCommandMac = 11,
        /// <summary>The nonce is not the device's outstanding challenge, or was already used.</summary>
        StaleNonce = 12,
        /// <summary>Too many failures recently; the device refuses everything for a while.</summary>
        LockedOut = 13,
        /// <summary>The command frame did not decode.</summary>
        Malformed = 14,
        /// <summary>The phone's filtered signal strength is below the device's proximity threshold.</summary>
        TooFar = 15,
        /// <summary>The key's limits were changed (R1.5) and this is not its newest token: the bulletin names another (§4.5).</summary>
        Superseded = 16,
        /// <summary>The key permits the command, but the car's owner holds it with a remote lock (R3): start is held back until released.</summary>
        RemoteLocked = 17,
        /// <summary>The key permits the command, but a parking lock does not raise its barrier onto a car: the space is occupied.</summary>
        SpaceOccupied = 18,
    }
}
