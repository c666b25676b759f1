using ShareKey.Protocol.Messages;

namespace ShareKey.Firmware.TBox.Hardware
{
    /// <summary>
    /// The vehicle answer of the PEPS gateway's line protocol (firmware/TBox/README.md, "PEPS line
    /// protocol"): <c>VEH=soc,cable,speed,ignition</c> — state of charge 0–100, cable <c>U</c>
    /// unplugged, <c>P</c> plugged, <c>C</c> charging, speed in km/h 0–500, ignition <c>0</c> or
    /// <c>1</c>; <c>-</c> for any field the car did not say. The line comes from a wire: anything
    /// else is refused whole, never half read.
    /// </summary>
    public static class VehicleLine
    {
        public const string Request = "VEH?";

        public const string AnswerPrefix = "VEH=";

        public const int MaxSpeedKmh = 500;

        private const int Invalid = -2;

        /// <summary>Fills <paramref name="reading"/> from the line; false (reading cleared) when the line is not a well-formed answer.</summary>
        public static bool Parse(string line, VehicleReading reading)
        {
            reading.Clear();
            if (!IsAnswer(line))
            {
                return false;
            }

            // Four fields between the prefix and the end, read by index: the board's string has no Split.
            int[] values = new int[4];
            int start = AnswerPrefix.Length;
            for (int field = 0; field < 4; field++)
            {
                int end = start;
                while (end < line.Length && line[end] != ',')
                {
                    end++;
                }

                bool last = field == 3;
                if ((end == line.Length) != last)
                {
                    return false;
                }

                values[field] = field == 1 ? CableOf(line, start, end) : Number(line, start, end, field == 0 ? 100 : field == 2 ? MaxSpeedKmh : 1);
                if (values[field] == Invalid)
                {
                    return false;
                }

                start = end + 1;
            }

            reading.StateOfCharge = values[0];
            reading.Cable = (ChargingCable)values[1];
            reading.SpeedKmh = values[2];
            reading.Ignition = values[3];
            return true;
        }

        /// <summary>True when the line starts with <see cref="AnswerPrefix"/>: the line the gateway answers <see cref="Request"/> with.</summary>
        public static bool IsAnswer(string line)
        {
            if (line == null || line.Length < AnswerPrefix.Length)
            {
                return false;
            }

            for (int i = 0; i < AnswerPrefix.Length; i++)
            {
                if (line[i] != AnswerPrefix[i])
                {
                    return false;
                }
            }

            return true;
        }

        /// <summary>The line a gateway sends for <paramref name="reading"/> (the simulator and tests speak it too).</summary>
        public static string Format(VehicleReading reading)
        {
            return AnswerPrefix + Field(reading.StateOfCharge) + "," + CableLetter(reading.Cable) + "," + Field(reading.SpeedKmh) + "," + Field(reading.Ignition);
        }

        private static int Number(string line, int start, int end, int max)
        {
            int length = end - start;
            if (length == 1 && line[start] == '-')
            {
                return VehicleReading.Unknown;
            }

            if (length < 1 || length > 3)
            {
                return Invalid;
            }

            int value = 0;
            for (int i = start; i < end; i++)
            {
                char c = line[i];
                if (c < '0' || c > '9')
                {
                    return Invalid;
                }

                value = (value * 10) + (c - '0');
            }

            return value > max ? Invalid : value;
        }

        private static int CableOf(string line, int start, int end)
        {
            if (end - start != 1)
            {
                return Invalid;
            }

            switch (line[start])
            {
                case 'U': return (int)ChargingCable.Unplugged;
                case 'P': return (int)ChargingCable.Plugged;
                case 'C': return (int)ChargingCable.Charging;
                case '-': return (int)ChargingCable.Unknown;
                default: return Invalid;
            }
        }

        private static string CableLetter(ChargingCable cable)
        {
            switch (cable)
            {
                case ChargingCable.Unplugged: return "U";
                case ChargingCable.Plugged: return "P";
                case ChargingCable.Charging: return "C";
                default: return "-";
            }
        }

        private static string Field(int value)
        {
            return value < 0 ? "-" : value.ToString();
        }
    }
}
