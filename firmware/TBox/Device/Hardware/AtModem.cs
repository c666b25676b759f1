using ShareKey.Firmware.TBox.Hardware;

namespace ShareKey.TBox.Device.Hardware
{
    /// <summary>
    /// <see cref="IModem"/> through the modem's AT port: <c>AT+CIMI</c> (3GPP TS 27.007 §5.6) answers
    /// the SIM's IMSI as a line of digits, then <c>OK</c>; a modem without a ready SIM answers
    /// <c>ERROR</c> or <c>+CME ERROR</c>, which is "not ready" here. An echoed command line, if
    /// echo is on, is skipped because it is not all digits.
    /// </summary>
    public sealed class AtModem : IModem
    {
        /// <summary>The usual AT-port speed of LTE-M/NB-IoT and LTE Cat-1 modules (SIMCom, Quectel).</summary>
        public const int BaudRate = 115200;

        /// <summary>ITU-T V.250: a command line ends with CR.</summary>
        public const string RequestEnd = "\r";

        /// <summary>AT+CIMI reads the SIM; modules answer within a few hundred milliseconds.</summary>
        public const int TimeoutMilliseconds = 300;

        private readonly SerialLine _line;

        public AtModem(SerialLine line)
        {
            _line = line;
        }

        public string ReadImsi()
        {
            return _line.Ask("AT+CIMI", IsDigits, TimeoutMilliseconds);
        }

        private static bool IsDigits(string line)
        {
            if (line.Length == 0)
            {
                return false;
            }

            for (int i = 0; i < line.Length; i++)
            {
                if (line[i] < '0' || line[i] > '9')
                {
                    return false;
                }
            }

            return true;
        }
    }
}
