using ShareKey.Protocol.Buffers;

namespace ShareKey.Firmware.Configuration
{
    /// <summary>
    /// Reads the file's lines (docs/board-config.md, "Syntax"): ASCII, <c>\n</c> or <c>\r\n</c>, at
    /// most <see cref="BoardConfig.MaxBytes"/>; comments and blank lines skipped; a key the firmware
    /// does not know ignored; a known key twice, a required key missing, or a bad value refused.
    /// Runs once per boot, so clarity beats allocation here.
    /// </summary>
    internal sealed class BoardConfigParser
    {
        private readonly BoardConfig _config = new BoardConfig();
        private readonly bool[] _seen = new bool[BoardConfigKeys.All.Length];
        private string _deviceIdText;

        public BoardConfig Parse(byte[] content, int count)
        {
            if (content == null || count < 0 || count > content.Length)
            {
                throw new BoardConfigException("file", "no content");
            }

            if (count > BoardConfig.MaxBytes)
            {
                throw new BoardConfigException("file", count.ToString() + " bytes; the most is " + BoardConfig.MaxBytes.ToString());
            }

            int start = 0;
            int line = 0;
            while (start < count)
            {
                int end = start;
                while (end < count && content[end] != (byte)'\n')
                {
                    end++;
                }

                line++;
                int last = end > start && content[end - 1] == (byte)'\r' ? end - 1 : end;
                ReadLine(content, start, last, line);
                start = end + 1;
            }

            for (int i = 0; i < BoardConfigKeys.RequiredCount; i++)
            {
                if (!_seen[i])
                {
                    throw new BoardConfigException(BoardConfigKeys.All[i], "missing (a required key)");
                }
            }

            CheckIdentityRepeats();
            return _config;
        }

        private void ReadLine(byte[] content, int start, int end, int line)
        {
            for (int i = start; i < end; i++)
            {
                if (content[i] < 0x20 || content[i] > 0x7E)
                {
                    throw new BoardConfigException("line " + line.ToString(), "not printable ASCII (byte " + content[i].ToString() + ")");
                }
            }

            start = SkipSpaces(content, start, end);
            if (start == end || content[start] == (byte)'#')
            {
                return;
            }

            int equals = start;
            while (equals < end && content[equals] != (byte)'=')
            {
                equals++;
            }

            if (equals == end)
            {
                throw new BoardConfigException("line " + line.ToString(), "not key=value");
            }

            string key = Text(content, start, equals);
            int index = BoardConfigKeys.IndexOf(key);
            if (index < 0)
            {
                return;
            }

            if (_seen[index])
            {
                throw new BoardConfigException(key, "given twice");
            }

            _seen[index] = true;
            Assign(index, key, Text(content, equals + 1, end));
        }

        /// <summary>Stores one value; <paramref name="index"/> is the key's position in <see cref="BoardConfigKeys.All"/>.</summary>
        private void Assign(int index, string key, string value)
        {
            switch (index)
            {
                case 0:
                    _config.Format = ConfigValues.Integer(key, value, 1, 1);
                    break;
                case 1:
                    _deviceIdText = value;
                    _config.DeviceId = ConfigValues.DeviceId(key, value);
                    break;
                case 2:
                    _config.Kind = ConfigValues.Kind(key, value);
                    break;
                case 3:
                    _config.Name = ConfigValues.Printable(key, value, 1, 24);
                    break;
                case 4:
                    _config.RootKey = ConfigValues.HexBytes(key, value, 32);
                    break;
                case 5:
                    _config.MqttHost = ConfigValues.Host(key, value);
                    break;
                case 6:
                    _config.MqttPort = ConfigValues.Integer(key, value, 1, 65535);
                    break;
                case 7:
                    _config.MqttTls = ConfigValues.Boolean(key, value);
                    break;
                case 8:
                    _config.MqttClientId = value;
                    break;
                case 9:
                    _config.MqttUsername = value;
                    break;
                case 10:
                    ConfigValues.HexBytes(key, value, 16);
                    _config.MqttPassword = value;
                    break;
                case 11:
                    _config.TopicUp = value;
                    break;
                case 12:
                    _config.TopicDown = value;
                    break;
                case 13:
                    _config.WifiSsid = ConfigValues.Printable(key, value, 0, 32);
                    break;
                case 14:
                    _config.WifiPassword = ConfigValues.WifiPassword(key, value);
                    break;
                case 15:
                    _config.RssiThreshold = ConfigValues.Integer(key, value, -127, 0);
                    break;
                case 16:
                    _config.LockOutFailures = ConfigValues.Integer(key, value, 1, 32);
                    break;
                case 17:
                    _config.LockOutWindowSeconds = (uint)ConfigValues.Integer(key, value, 1, 86400);
                    break;
                case 18:
                    _config.LockOutSeconds = (uint)ConfigValues.Integer(key, value, 1, 86400);
                    break;
                default:
                    _config.MqttCaCertificate = ConfigValues.Base64(key, value, BoardConfig.MaxCaCertificateLength);
                    break;
            }
        }

        /// <summary>The MQTT identity repeats the device id (the broker ties the session and topics to it).</summary>
        private void CheckIdentityRepeats()
        {
            string id = Hex.OfId(_config.DeviceId);
            Expect(BoardConfigKeys.MqttClientId, _config.MqttClientId, _deviceIdText);
            Expect(BoardConfigKeys.MqttUsername, _config.MqttUsername, _deviceIdText);
            Expect(BoardConfigKeys.TopicUp, _config.TopicUp, "sk/" + id + "/up");
            Expect(BoardConfigKeys.TopicDown, _config.TopicDown, "sk/" + id + "/down");
        }

        private static void Expect(string key, string value, string expected)
        {
            if (value != expected)
            {
                throw new BoardConfigException(key, "must be " + expected);
            }
        }

        private static int SkipSpaces(byte[] content, int start, int end)
        {
            while (start < end && content[start] == (byte)' ')
            {
                start++;
            }

            return start;
        }

        /// <summary>content[start, end) with surrounding spaces trimmed, as a string.</summary>
        private static string Text(byte[] content, int start, int end)
        {
            start = SkipSpaces(content, start, end);
            while (end > start && content[end - 1] == (byte)' ')
            {
                end--;
            }

            char[] chars = new char[end - start];
            for (int i = 0; i < chars.Length; i++)
            {
                chars[i] = (char)content[start + i];
            }

            return new string(chars);
        }
    }
}
