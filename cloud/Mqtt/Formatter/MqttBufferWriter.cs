using System.Buffers.Binary;

namespace ShareKey.Mqtt.Formatter;

/// <summary>Writes MQTT data types (§1.5) into a span sized beforehand by the encoder.</summary>
internal ref struct MqttBufferWriter
{
    private readonly Span<byte> _destination;

    public MqttBufferWriter(Span<byte> destination) => _destination = destination;

    public int Position { get; private set; }

    public void WriteFixedHeader(byte firstByte, int remainingLength)
    {
        WriteByte(firstByte);
        Position += MqttRemainingLength.Write(_destination[Position..], remainingLength);
    }

    public void WriteByte(byte value) => _destination[Position++] = value;

    public void WriteUInt16(ushort value)
    {
        BinaryPrimitives.WriteUInt16BigEndian(_destination[Position..], value);
        Position += 2;
    }

    /// <summary>A length-prefixed UTF-8 string whose byte count the caller already validated.</summary>
    public void WriteString(string value, int byteCount)
    {
        WriteUInt16((ushort)byteCount);
        Position += MqttUtf8.Encode(value, _destination.Slice(Position, byteCount));
    }

    /// <summary>Length-prefixed binary data (will message, password).</summary>
    public void WriteBinary(ReadOnlySpan<byte> value)
    {
        WriteUInt16((ushort)value.Length);
        WriteBytes(value);
    }

    public void WriteBytes(ReadOnlySpan<byte> value)
    {
        value.CopyTo(_destination[Position..]);
        Position += value.Length;
    }
}
