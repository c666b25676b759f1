using ShareKey.Firmware.TBox.Hardware;

namespace ShareKey.TBox.Device.Hardware
{
    /// <summary>
    /// <see cref="IPepsModule"/> over a UART line protocol (README.md, "PEPS line protocol"). The car's
    /// PEPS module itself talks CAN or LIN; a small gateway next to it answers this protocol, so the
    /// T-BOX firmware stays the same across car makes.
    /// <code>
    /// T-BOX → gateway:  VIN?&lt;CR&gt;&lt;LF&gt;
    /// gateway → T-BOX:  VIN=&lt;the VIN as the car reports it&gt;&lt;CR&gt;&lt;LF&gt;
    /// T-BOX → gateway:  VEH?&lt;CR&gt;&lt;LF&gt;
    /// gateway → T-BOX:  VEH=&lt;soc&gt;,&lt;cable&gt;,&lt;speed&gt;,&lt;ignition&gt;&lt;CR&gt;&lt;LF&gt;   (VehicleLine)
    /// </code>
    /// 9600 baud, 8N1, ASCII. Other lines are ignored; no answer within <see cref="TimeoutMilliseconds"/>
    /// means "not answering" and the logic asks again later. The logic validates the VIN.
    /// </summary>
    public sealed class UartPepsModule : IPepsModule
    {
        public const int BaudRate = 9600;

        public const string RequestEnd = "\r\n";

        /// <summary>A 22-byte answer takes 23 ms at 9600 baud; the rest is the gateway's own latency.</summary>
        public const int TimeoutMilliseconds = 200;

        private const string Request = "VIN?";
        private const string AnswerPrefix = "VIN=";

        private readonly SerialLine _line;

        public UartPepsModule(SerialLine line)
        {
            _line = line;
        }

        public string ReadVin()
        {
            string answer = _line.Ask(Request, IsVinLine, TimeoutMilliseconds);
            return answer == null ? null : answer.Substring(AnswerPrefix.Length);
        }

        public bool ReadVehicle(VehicleReading reading)
        {
            return VehicleLine.Parse(_line.Ask(VehicleLine.Request, IsVehicleLine, TimeoutMilliseconds), reading);
        }

        private static bool IsVinLine(string line)
        {
            return line.StartsWith(AnswerPrefix);
        }

        private static bool IsVehicleLine(string line)
        {
            return VehicleLine.IsAnswer(line);
        }
    }
}
