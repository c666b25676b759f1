namespace ShareKey.Mqtt.Formatter;

/// <summary>
/// The fixed header's Remaining Length (MQTT 3.1.1 §2.2.3): 7 bits per byte, low group first, high bit = "more".
/// At most 4 bytes. 3.1.1 defines the value through its encoding algorithm, which always yields the shortest form;
/// 5.0 (§1.5.5) makes "minimum number of bytes" normative. We read it strictly: a non-minimal form such as
/// 0x80 0x00 is malformed. No real client sends one, and accepting it would give one value two encodings.
/// </summary>
internal static class MqttRemainingLength
{
    public const int Maximum = 268_435_455;

    public static int SizeOf(int value) => value switch
    {
        < 128 => 1,
        < 16_384 => 2,
        < 2_097_152 => 3,
        _ => 4,
    };

    public static int Write(Span<byte> destination, int value)
    {
        var i = 0;
        do
        {
            var digit = (byte)(value & 0x7F);
            value >>= 7;
            destination[i++] = value > 0 ? (byte)(digit | 0x80) : digit;
        }
        while (value > 0);
        return i;
    }

    /// <summary>
    /// Reads the value from <paramref name="source"/>, which starts just after the first header byte. Returns
    /// false if more bytes are needed; throws if the encoding is malformed.
    /// </summary>
    public static bool TryRead(ReadOnlySpan<byte> source, out int value, out int size)
    {
        value = 0;
        size = 0;
        var shift = 0;
        for (var i = 0; i < 4; i++)
        {
            if (i >= source.Length)
            {
                return false;
            }
            var b = source[i];
            value |= (b & 0x7F) << shift;
            if ((b & 0x80) == 0)
            {
                if (i > 0 && b == 0)
                {
                    throw new MqttProtocolException(MqttProtocolError.MalformedRemainingLength, "MQTT-2.2.3",
                        "remaining length is not in its shortest encoding");
                }
                size = i + 1;
                return true;
            }
            shift += 7;
        }
        throw new MqttProtocolException(MqttProtocolError.MalformedRemainingLength, "MQTT-2.2.3",
            "remaining length uses more than 4 bytes");
    }
}
