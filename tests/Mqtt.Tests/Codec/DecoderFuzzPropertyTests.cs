using FsCheck;
using FsCheck.Fluent;
using ShareKey.Mqtt.Formatter;

namespace ShareKey.Mqtt.Tests.Codec;

/// <summary>
/// Hostile input: random bytes and mutated valid packets may only ever produce packets, "need more", or
/// <see cref="MqttProtocolException"/> — never another exception and never a loop that stops consuming.
/// </summary>
public sealed class DecoderFuzzPropertyTests
{
    private static readonly Config Runs = Config.QuickThrowOnFailure.WithMaxTest(2_000);

    [Fact]
    public void Random_bytes_decode_or_fail_with_a_protocol_error()
    {
        var input = Gen.Choose(0, 255).Select(b => (byte)b).ArrayOf().ToArbitrary();
        Check.One(Runs, Prop.ForAll(input, bytes => DecodeAll(bytes)));
    }

    [Fact]
    public void Mutated_valid_packets_decode_or_fail_with_a_protocol_error()
    {
        var encoder = new MqttPacketEncoder();
        var mutations =
            from packet in PacketGenerators.Packet
            let bytes = encoder.Encode(packet)
            from kind in Gen.Choose(0, 3)
            from position in Gen.Choose(0, bytes.Length - 1)
            from value in Gen.Choose(0, 255)
            select Mutate(bytes, kind, position, (byte)value);
        Check.One(Runs, Prop.ForAll(mutations.ToArbitrary(), bytes => DecodeAll(bytes)));
    }

    [Fact]
    public void Many_seeded_mutations_never_escape_as_other_exceptions()
    {
        // A larger, reproducible sweep than FsCheck's default run: every byte of every golden vector, every value.
        foreach (var row in GoldenBytesTests.Vectors)
        {
            var bytes = Hex.Bytes((string)row[2]);
            for (var position = 0; position < bytes.Length; position++)
            {
                for (var value = 0; value < 256; value++)
                {
                    var mutated = (byte[])bytes.Clone();
                    mutated[position] = (byte)value;
                    DecodeAll(mutated);
                }
            }
        }
    }

    private static byte[] Mutate(byte[] bytes, int kind, int position, byte value)
    {
        var copy = bytes.ToList();
        switch (kind)
        {
            case 0:
                copy[position] = value;
                break;
            case 1:
                copy.RemoveAt(position);
                break;
            case 2:
                copy.Insert(position, value);
                break;
            default:
                copy[position] ^= (byte)(1 << (value & 7));
                break;
        }
        return [.. copy];
    }

    private static void DecodeAll(byte[] bytes)
    {
        var decoder = new MqttPacketDecoder(maximumPacketSize: 4096);
        var rest = bytes.AsSpan();
        try
        {
            while (decoder.TryDecode(rest, out _, out var consumed))
            {
                Assert.True(consumed > 0, "decoder reported a packet without consuming bytes");
                rest = rest[consumed..];
            }
        }
        catch (MqttProtocolException)
        {
            // The only acceptable failure: the caller closes the connection.
        }
    }
}
