using ShareKey.Mqtt.Formatter;

namespace ShareKey.Mqtt.Tests.Codec;

/// <summary>Remaining Length, MQTT 3.1.1 §2.2.3 and its table 2.4 of boundary values.</summary>
public sealed class RemainingLengthTests
{
    [Theory]
    [InlineData(0, "00")]
    [InlineData(127, "7F")]
    [InlineData(128, "80 01")]
    [InlineData(321, "C1 02")]
    [InlineData(16_383, "FF 7F")]
    [InlineData(16_384, "80 80 01")]
    [InlineData(2_097_151, "FF FF 7F")]
    [InlineData(2_097_152, "80 80 80 01")]
    [InlineData(268_435_455, "FF FF FF 7F")]
    public void Values_encode_and_decode_as_in_the_spec_table(int value, string hex)
    {
        var expected = Hex.Bytes(hex);
        var buffer = new byte[4];
        var written = MqttRemainingLength.Write(buffer, value);
        Assert.Equal(expected, buffer[..written]);
        Assert.Equal(expected.Length, MqttRemainingLength.SizeOf(value));

        Assert.True(MqttRemainingLength.TryRead(expected, out var read, out var size));
        Assert.Equal(value, read);
        Assert.Equal(expected.Length, size);
    }

    [Theory]
    [InlineData("")]
    [InlineData("80")]
    [InlineData("FF FF")]
    [InlineData("FF FF FF")]
    public void Continued_but_unfinished_lengths_need_more_bytes(string hex) =>
        Assert.False(MqttRemainingLength.TryRead(Hex.Bytes(hex), out _, out _));

    [Fact]
    public void A_fifth_length_byte_is_refused()
    {
        var e = Assert.Throws<MqttProtocolException>(() => MqttRemainingLength.TryRead(Hex.Bytes("FF FF FF FF 01"), out _, out _));
        Assert.Equal(MqttProtocolError.MalformedRemainingLength, e.Reason);
        Assert.StartsWith("MQTT-2.2.3: remaining length uses more than 4 bytes", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("80 00")]
    [InlineData("FF 80 00")]
    [InlineData("80 80 80 00")]
    public void Non_minimal_encodings_are_refused(string hex)
    {
        var e = Assert.Throws<MqttProtocolException>(() => MqttRemainingLength.TryRead(Hex.Bytes(hex), out _, out _));
        Assert.Equal(MqttProtocolError.MalformedRemainingLength, e.Reason);
    }
}
