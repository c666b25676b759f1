namespace ShareKey.Protocol.Identity
{
    /// <summary>
    /// International mobile subscriber identities (ITU-T E.212): a 3-digit country code, a 2- or
    /// 3-digit network code and the subscriber number, at most 15 digits in all. We accept 6 to 15
    /// digits: the shortest that still carries a country and network code plus a subscriber digit.
    /// </summary>
    public static class Imsi
    {
        public const int MinLength = 6;
        public const int MaxLength = 15;

        public static IdentityProblem Check(string imsi)
        {
            if (imsi == null || imsi.Length < MinLength || imsi.Length > MaxLength)
            {
                return IdentityProblem.ImsiLength;
            }

            for (int i = 0; i < imsi.Length; i++)
            {
                if (imsi[i] < '0' || imsi[i] > '9')
                {
                    return IdentityProblem.ImsiCharacter;
                }
            }

            return IdentityProblem.None;
        }
    }
}
