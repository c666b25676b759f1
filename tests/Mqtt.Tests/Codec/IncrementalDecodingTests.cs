using System.Buffers;
using ShareKey.Mqtt.Formatter;
using ShareKey.Mqtt.Packets;

namespace ShareKey.Mqtt.Tests.Codec;

/// <summary>Decoding from a stream buffer that holds partial packets, several packets, or many segments.</summary>
public sealed class IncrementalDecodingTests
{
    private static readonly byte[] TwoPackets = Hex.Bytes("32 0C 00 03 61 2F 62 00 05 68 65 6C 6C 6F E0 00");

    [Fact]
    public void Every_proper_prefix_needs_more_bytes()
    {
        var decoder = new MqttPacketDecoder();
        for (var length = 0; length < 14; length++)
        {
            Assert.False(decoder.TryDecode(TwoPackets.AsSpan(0, length), out _, out var consumed));
            Assert.Equal(0, consumed);
        }
    }

    [Fact]
    public void Packets_are_taken_one_at_a_time()
    {
        var decoder = new MqttPacketDecoder();
        Assert.True(decoder.TryDecode(TwoPackets, out var first, out var consumed));
        Assert.Equal(14, consumed);
        Assert.Equal("hello"u8.ToArray(), Assert.IsType<MqttPublishPacket>(first).Payload.ToArray());
        Assert.True(decoder.TryDecode(TwoPackets.AsSpan(consumed), out var second, out consumed));
        Assert.Same(MqttDisconnectPacket.Instance, second);
        Assert.Equal(2, consumed);
    }

    [Fact]
    public void A_sequence_of_one_byte_segments_decodes_like_a_flat_buffer()
    {
        var decoder = new MqttPacketDecoder();
        var sequence = Segments.OneBytePerSegment(TwoPackets);
        Assert.True(decoder.TryDecode(sequence, out var first, out var consumed));
        Assert.Equal(14, sequence.Slice(0, consumed).Length);
        PacketAssert.Equivalent(Decode.Packet("32 0C 00 03 61 2F 62 00 05 68 65 6C 6C 6F"), first);
        Assert.True(decoder.TryDecode(sequence.Slice(consumed), out var second, out _));
        Assert.Same(MqttDisconnectPacket.Instance, second);
    }

    [Fact]
    public void A_partial_sequence_needs_more_bytes()
    {
        var decoder = new MqttPacketDecoder();
        for (var length = 0; length < 14; length++)
        {
            var sequence = Segments.OneBytePerSegment(TwoPackets[..length]);
            Assert.False(decoder.TryDecode(sequence, out _, out var consumed));
            Assert.Equal(sequence.Start, consumed);
        }
    }

    [Fact]
    public void Garbage_is_refused_from_its_first_byte() =>
        Assert.Throws<MqttProtocolException>(() => new MqttPacketDecoder().TryDecode(new ReadOnlySequence<byte>([0x00]), out _, out _));
}
