namespace ShareKey.Protocol.Identity
{
    /// <summary>Why a VIN or IMSI is not valid; also the reason byte of a rejected BindResult.</summary>
    public enum IdentityProblem : byte
    {
        None = 0,
        /// <summary>A VIN is exactly 17 characters.</summary>
        VinLength = 1,
        /// <summary>A VIN uses 0-9 and A-Z except I, O and Q (ISO 3779).</summary>
        VinCharacter = 2,
        /// <summary>Position 9 is not the check digit computed from the other 16 characters.</summary>
        VinCheckDigit = 3,
        /// <summary>An IMSI is 6 to 15 digits (ITU-T E.212).</summary>
        ImsiLength = 4,
        ImsiCharacter = 5,
        /// <summary>The VIN is already bound to another device and policy forbids moving it (cloud-side).</summary>
        VinInUse = 6,
    }
}
