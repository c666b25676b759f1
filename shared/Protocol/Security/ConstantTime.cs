namespace ShareKey.Protocol.Security
{
    /// <summary>Comparisons of secrets and MACs whose running time does not depend on where the bytes differ.</summary>
    public static class ConstantTime
    {
        /// <summary>True when a[aOffset..+count) equals b[bOffset..+count). Both ranges must lie inside their arrays.</summary>
        public static bool Equals(byte[] a, int aOffset, byte[] b, int bOffset, int count)
        {
            int difference = 0;
            for (int i = 0; i < count; i++)
            {
                difference |= a[aOffset + i] ^ b[bOffset + i];
            }

            return difference == 0;
        }

        public static bool Equals(byte[] a, byte[] b)
        {
            if (a == null || b == null || a.Length != b.Length)
            {
                return false;
            }

            return Equals(a, 0, b, 0, a.Length);
        }
    }
}
