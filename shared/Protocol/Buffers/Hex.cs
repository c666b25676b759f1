namespace ShareKey.Protocol.Buffers
{
    /// <summary>Lower-case hex for logs and docs; written out by hand because the board's formatting support is thin.</summary>
    public static class Hex
    {
        private const string Digits = "0123456789abcdef";

        public static string Of(byte[] bytes)
        {
            if (bytes == null)
            {
                return "-";
            }

            char[] chars = new char[bytes.Length * 2];
            for (int i = 0; i < bytes.Length; i++)
            {
                chars[2 * i] = Digits[bytes[i] >> 4];
                chars[(2 * i) + 1] = Digits[bytes[i] & 0x0F];
            }

            return new string(chars);
        }

        /// <summary>A 64-bit id as 16 hex digits, the form used in topics, file names and the CLI.</summary>
        public static string OfId(ulong id)
        {
            char[] chars = new char[16];
            for (int i = 15; i >= 0; i--)
            {
                chars[i] = Digits[(int)(id & 0x0F)];
                id >>= 4;
            }

            return new string(chars);
        }

        /// <summary>Parses 16 hex digits back into an id; false for anything else.</summary>
        public static bool TryParseId(string text, out ulong id)
        {
            id = 0;
            if (text == null || text.Length != 16)
            {
                return false;
            }

            for (int i = 0; i < 16; i++)
            {
                int nibble = NibbleOf(text[i]);
                if (nibble < 0)
                {
                    id = 0;
                    return false;
                }

                id = (id << 4) | (uint)nibble;
            }

            return true;
        }

        /// <summary>The value of one hex digit (either case), or -1 for any other character.</summary>
        public static int NibbleOf(char c)
        {
            if (c >= '0' && c <= '9')
            {
                return c - '0';
            }

            if (c >= 'a' && c <= 'f')
            {
                return c - 'a' + 10;
            }

            if (c >= 'A' && c <= 'F')
            {
                return c - 'A' + 10;
            }

            return -1;
        }
    }
}
