namespace ShareKey.Protocol.Formatter
{
    /// <summary>
    /// Range checks shared by the codecs; each failure names its rule from docs/protocol.md. Pass
    /// only constant messages: a concatenated one would be built on every successful check too,
    /// which is garbage the board's collector pays for.
    /// </summary>
    public static class FieldRules
    {
        public static void Require(bool condition, string rule)
        {
            if (!condition)
            {
                throw new ProtocolException(ProtocolError.FieldOutOfRange, rule);
            }
        }

        /// <summary>Encoder-side guard: an array the caller built has the length the layout fixes.</summary>
        public static void RequireLength(byte[] value, int length, string field)
        {
            if (value == null || value.Length != length)
            {
                throw new ProtocolException(
                    ProtocolError.InvalidArgument,
                    field + " must be " + length.ToString() + " bytes");
            }
        }

        /// <summary>Encoder-side guard on a list's length.</summary>
        public static void RequireCount(int count, int max, string field)
        {
            if (count > max)
            {
                throw new ProtocolException(
                    ProtocolError.InvalidArgument,
                    field + " holds " + count.ToString() + " entries, at most " + max.ToString() + " allowed");
            }
        }
    }
}
