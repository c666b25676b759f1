using FsCheck;
using FsCheck.Fluent;
using ShareKey.Mqtt.Formatter;

namespace ShareKey.Mqtt.Tests.Codec;

/// <summary>Any valid packet survives encode → decode → encode unchanged, whole or fed in pieces.</summary>
public sealed class RoundTripPropertyTests
{
    private static readonly Config Runs = Config.QuickThrowOnFailure.WithMaxTest(1_000);

    [Fact]
    public void Valid_packets_round_trip()
    {
        var encoder = new MqttPacketEncoder();
        var decoder = new MqttPacketDecoder();
        Check.One(Runs, Prop.ForAll(PacketGenerators.AnyPacket, packet =>
        {
            var bytes = encoder.Encode(packet);
            Assert.True(decoder.TryDecode(bytes, out var decoded, out var consumed));
            Assert.Equal(bytes.Length, consumed);
            PacketAssert.Equivalent(packet, decoded);
            Assert.Equal(bytes, encoder.Encode(decoded));
        }));
    }

    [Fact]
    public void Valid_packets_round_trip_through_fragmented_sequences()
    {
        var encoder = new MqttPacketEncoder();
        var decoder = new MqttPacketDecoder();
        var cases = PacketGenerators.Packet.SelectMany(_ => Gen.Choose(1, 7), (packet, segment) => (packet, segment));
        Check.One(Runs, Prop.ForAll(cases.ToArbitrary(), c =>
        {
            var bytes = encoder.Encode(c.packet);
            var sequence = Segments.Split(bytes, c.segment);
            Assert.True(decoder.TryDecode(sequence, out var decoded, out var consumed));
            Assert.True(sequence.Slice(consumed).IsEmpty);
            Assert.Equal(bytes, encoder.Encode(decoded));
        }));
    }
}
