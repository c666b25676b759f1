using System.Buffers.Binary;

namespace ShareKey.Mqtt.Formatter;

/// <summary>Reads MQTT data types (§1.5) from one packet's body; running past the end is a malformed packet.</summary>
internal ref struct MqttBufferReader
{
    private readonly ReadOnlySpan<byte> _source;
    private int _position;

    public MqttBufferReader(ReadOnlySpan<byte> source) => _source = source;

    public readonly int Remaining => _source.Length - _position;

    public readonly bool End => _position == _source.Length;

    public byte ReadByte()
    {
        Need(1, "a byte");
        return _source[_position++];
    }

    public ushort ReadUInt16()
    {
        Need(2, "a two-byte integer");
        var value = BinaryPrimitives.ReadUInt16BigEndian(_source[_position..]);
        _position += 2;
        return value;
    }

    public string ReadString(string field) => MqttUtf8.Decode(ReadBinarySpan(field), field);

    public ReadOnlySpan<byte> ReadBinarySpan(string field)
    {
        var length = ReadUInt16();
        Need(length, field);
        var value = _source.Slice(_position, length);
        _position += length;
        return value;
    }

    public ReadOnlySpan<byte> ReadRest()
    {
        var rest = _source[_position..];
        _position = _source.Length;
        return rest;
    }

    public readonly void ExpectEnd(string packet)
    {
        if (!End)
        {
            throw new MqttProtocolException(MqttProtocolError.MalformedPacket, "MQTT-2.2.3",
                $"{packet} has {Remaining} bytes beyond its fields");
        }
    }

    private readonly void Need(int count, string what)
    {
        if (Remaining < count)
        {
            throw new MqttProtocolException(MqttProtocolError.MalformedPacket, "MQTT-2.2.3",
                $"remaining length ends before {what}");
        }
    }
}
