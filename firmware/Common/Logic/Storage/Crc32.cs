namespace ShareKey.Firmware.Storage
{
    /// <summary>
    /// CRC-32 (IEEE 802.3: reflected polynomial 0xEDB88320, initial and final value 0xFFFFFFFF) —
    /// the check value that tells a completely written flash record from a torn one. Not a MAC:
    /// it guards against power cuts, not against an attacker with the flash in hand. Table-driven
    /// (1 KB, built once) because the bit-by-bit loop is eight times slower on the interpreter.
    /// </summary>
    public static class Crc32
    {
        private const uint Polynomial = 0xEDB88320;

        private static readonly uint[] Table = BuildTable();

        public static uint Of(byte[] data, int offset, int count)
        {
            uint crc = 0xFFFFFFFF;
            for (int i = offset; i < offset + count; i++)
            {
                crc = Table[(crc ^ data[i]) & 0xFF] ^ (crc >> 8);
            }

            return ~crc;
        }

        private static uint[] BuildTable()
        {
            uint[] table = new uint[256];
            for (uint n = 0; n < 256; n++)
            {
                uint c = n;
                for (int bit = 0; bit < 8; bit++)
                {
                    c = (c & 1) != 0 ? Polynomial ^ (c >> 1) : c >> 1;
                }

                table[n] = c;
            }

            return table;
        }
    }
}
