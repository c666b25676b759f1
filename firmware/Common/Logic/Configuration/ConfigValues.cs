using ShareKey.Protocol.Buffers;

namespace ShareKey.Firmware.Configuration
{
    /// <summary>Checks and converts one value of the configuration file; every refusal names the key and the rule.</summary>
    internal static class ConfigValues
    {
        /// <summary>A decimal integer in [min, max], with a leading '-' only where min is negative.</summary>
        public static int Integer(string key, string value, int min, int max)
        {
            string rule = "a whole number from " + min.ToString() + " to " + max.ToString();
            bool negative = value.Length > 0 && value[0] == '-' && min < 0;
            int first = negative ? 1 : 0;
            if (value.Length == first || value.Length - first > 6)
            {
                throw new BoardConfigException(key, rule);
            }

            int number = 0;
            for (int i = first; i < value.Length; i++)
            {
                if (value[i] < '0' || value[i] > '9')
                {
                    throw new BoardConfigException(key, rule);
                }

                number = (number * 10) + (value[i] - '0');
            }

            number = negative ? -number : number;
            if (number < min || number > max)
            {
                throw new BoardConfigException(key, rule);
            }

            return number;
        }

        public static bool Boolean(string key, string value)
        {
            if (value == "true")
            {
                return true;
            }

            if (value == "false")
            {
                return false;
            }

            throw new BoardConfigException(key, "true or false");
        }

        /// <summary>docs/protocol.md §1: 16 lower-case hex digits, not all zero.</summary>
        public static ulong DeviceId(string key, string value)
        {
            ulong id;
            if (!IsLowerHex(value) || !Hex.TryParseId(value, out id) || id == 0)
            {
                throw new BoardConfigException(key, "16 lower-case hex digits, not all zero");
            }

            return id;
        }

        public static DeviceKind Kind(string key, string value)
        {
            if (value == "tbox")
            {
                return DeviceKind.TBox;
            }

            if (value == "parking-lock")
            {
                return DeviceKind.ParkingLock;
            }

            throw new BoardConfigException(key, "tbox or parking-lock");
        }

        /// <summary>Exactly <paramref name="length"/> bytes as hex digits (either case).</summary>
        public static byte[] HexBytes(string key, string value, int length)
        {
            if (value.Length != length * 2)
            {
                throw new BoardConfigException(key, (length * 2).ToString() + " hex digits");
            }

            byte[] bytes = new byte[length];
            for (int i = 0; i < length; i++)
            {
                int high = Hex.NibbleOf(value[2 * i]);
                int low = Hex.NibbleOf(value[(2 * i) + 1]);
                if (high < 0 || low < 0)
                {
                    throw new BoardConfigException(key, (length * 2).ToString() + " hex digits");
                }

                bytes[i] = (byte)((high << 4) | low);
            }

            return bytes;
        }

        /// <summary>A host name or IPv4 address: 1–253 letters, digits, '-' and '.'.</summary>
        public static string Host(string key, string value)
        {
            bool good = value.Length >= 1 && value.Length <= 253;
            for (int i = 0; good && i < value.Length; i++)
            {
                char c = value[i];
                good = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '.';
            }

            if (!good)
            {
                throw new BoardConfigException(key, "a host name or IPv4 address");
            }

            return value;
        }

        /// <summary>Base64 text (A–Z a–z 0–9 + /, '=' padding only at the end) of 4 to <paramref name="max"/> characters, a
        /// multiple of 4 — a certificate's DER bytes; the device layer hands it to TLS as PEM, so it is not decoded here.</summary>
        public static string Base64(string key, string value, int max)
        {
            bool good = value.Length >= 4 && value.Length <= max && value.Length % 4 == 0;
            int padding = 0;
            for (int i = 0; good && i < value.Length; i++)
            {
                char c = value[i];
                if (c == '=')
                {
                    padding++;
                    good = i >= value.Length - 2;
                }
                else
                {
                    good = padding == 0 && ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '+' || c == '/');
                }
            }

            if (!good)
            {
                throw new BoardConfigException(key, "base64 of at most " + max.ToString() + " characters");
            }

            return value;
        }

        /// <summary>Printable ASCII (the line was checked for that) of a bounded length.</summary>
        public static string Printable(string key, string value, int min, int max)
        {
            if (value.Length < min || value.Length > max)
            {
                throw new BoardConfigException(key, min.ToString() + " to " + max.ToString() + " printable characters");
            }

            return value;
        }

        /// <summary>WPA2: empty (no Wi-Fi, or an open network) or 8–63 characters.</summary>
        public static string WifiPassword(string key, string value)
        {
            if (value.Length != 0 && (value.Length < 8 || value.Length > 63))
            {
                throw new BoardConfigException(key, "empty or 8 to 63 characters");
            }

            return value;
        }

        private static bool IsLowerHex(string value)
        {
            for (int i = 0; i < value.Length; i++)
            {
                if (value[i] >= 'A' && value[i] <= 'F')
                {
                    return false;
                }
            }

            return true;
        }
    }
}
