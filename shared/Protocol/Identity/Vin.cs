namespace ShareKey.Protocol.Identity
{
    /// <summary>
    /// Vehicle identification numbers (R4.2): 17 characters from ISO 3779's alphabet, with the
    /// check digit in position 9 computed as in 49 CFR 565.15 (transliterate, weight, sum mod 11,
    /// 10 written as X). The T-BOX checks this before binding; the cloud checks it again.
    /// </summary>
    public static class Vin
    {
        public const int Length = 17;
        private const int CheckDigitIndex = 8;
        private static readonly int[] Weights = { 8, 7, 6, 5, 4, 3, 2, 10, 0, 9, 8, 7, 6, 5, 4, 3, 2 };

        public static IdentityProblem Check(string vin)
        {
            if (vin == null || vin.Length != Length)
            {
                return IdentityProblem.VinLength;
            }

            if (!IsWellFormed(vin))
            {
                return IdentityProblem.VinCharacter;
            }

            return vin[CheckDigitIndex] == CheckDigitOf(vin) ? IdentityProblem.None : IdentityProblem.VinCheckDigit;
        }

        /// <summary>Length and alphabet only; the check digit is <see cref="Check"/>'s job.</summary>
        public static bool IsWellFormed(string vin)
        {
            if (vin == null || vin.Length != Length)
            {
                return false;
            }

            for (int i = 0; i < Length; i++)
            {
                if (ValueOf(vin[i]) < 0)
                {
                    return false;
                }
            }

            return true;
        }

        /// <summary>The check digit the 16 other characters of a well-formed VIN call for: '0'..'9' or 'X'.</summary>
        public static char CheckDigitOf(string vin)
        {
            int sum = 0;
            for (int i = 0; i < Length; i++)
            {
                sum += ValueOf(vin[i]) * Weights[i];
            }

            int remainder = sum % 11;
            return remainder == 10 ? 'X' : (char)('0' + remainder);
        }

        /// <summary>The transliteration value of a VIN character, or -1 for one the alphabet excludes.</summary>
        private static int ValueOf(char c)
        {
            if (c >= '0' && c <= '9')
            {
                return c - '0';
            }

            switch (c)
            {
                case 'A': case 'J': return 1;
                case 'B': case 'K': case 'S': return 2;
                case 'C': case 'L': case 'T': return 3;
                case 'D': case 'M': case 'U': return 4;
                case 'E': case 'N': case 'V': return 5;
                case 'F': case 'W': return 6;
                case 'G': case 'P': case 'X': return 7;
                case 'H': case 'Y': return 8;
                case 'R': case 'Z': return 9;
                default: return -1;
            }
        }
    }
}
