namespace ShareKey.Protocol.Verification
{
    /// <summary>How far a phone can believe the Result it got for a Command.</summary>
    public enum AnswerTrust : byte
    {
        /// <summary>The Result's MAC verifies under the holder secret and it answers this command: the device's own word.</summary>
        Verified = 0,

        /// <summary>
        /// An unsigned refusal of a kind a device gives before it has checked the command MAC (§4.3).
        /// Plausible, but unauthenticated: anyone in radio range could send it, so it is advisory.
        /// </summary>
        Unsigned = 1,

        /// <summary>An answer no genuine device gives for this command (a MAC that does not verify, an unsigned acceptance, another command's id): not the device's word.</summary>
        Unverified = 2,

        /// <summary>The command was written but no Result came back.</summary>
        NoAnswer = 3,
    }
}
