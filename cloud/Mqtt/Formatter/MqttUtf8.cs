using System.Text;
using System.Text.Unicode;

namespace ShareKey.Mqtt.Formatter;

/// <summary>
/// UTF-8 string rules of MQTT 3.1.1 §1.5.3: well-formed (which excludes encoded surrogates, U+D800–U+DFFF)
/// [MQTT-1.5.3-1], no U+0000 [MQTT-1.5.3-2], at most 65,535 bytes. A BOM is kept as U+FEFF [MQTT-1.5.3-3].
/// Other control characters and non-characters are allowed: the spec lets a receiver refuse them, we don't.
/// </summary>
internal static class MqttUtf8
{
    public const int MaximumByteCount = ushort.MaxValue;

    private static readonly UTF8Encoding Strict = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static string Decode(ReadOnlySpan<byte> bytes, string field)
    {
        if (!Utf8.IsValid(bytes))
        {
            throw new MqttProtocolException(MqttProtocolError.InvalidUtf8String, "MQTT-1.5.3-1",
                $"{field} is not well-formed UTF-8");
        }
        if (bytes.Contains((byte)0))
        {
            throw new MqttProtocolException(MqttProtocolError.InvalidUtf8String, "MQTT-1.5.3-2",
                $"{field} contains U+0000");
        }
        return Strict.GetString(bytes);
    }

    /// <summary>Encoded size of an outgoing string, after checking it obeys the same rules the decoder enforces.</summary>
    public static int GetByteCount(string value, string field)
    {
        int count;
        try
        {
            count = Strict.GetByteCount(value);
        }
        catch (EncoderFallbackException)
        {
            throw new MqttProtocolException(MqttProtocolError.InvalidUtf8String, "MQTT-1.5.3-1",
                $"{field} contains an unpaired surrogate");
        }
        if (value.Contains('\0'))
        {
            throw new MqttProtocolException(MqttProtocolError.InvalidUtf8String, "MQTT-1.5.3-2",
                $"{field} contains U+0000");
        }
        if (count > MaximumByteCount)
        {
            throw new MqttProtocolException(MqttProtocolError.InvalidUtf8String, "MQTT-1.5.3",
                $"{field} is {count} bytes; the limit is {MaximumByteCount}");
        }
        return count;
    }

    public static int Encode(string value, Span<byte> destination) => Strict.GetBytes(value, destination);
}
