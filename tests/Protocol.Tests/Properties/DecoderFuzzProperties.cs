using FsCheck;
using FsCheck.Fluent;
using ShareKey.Protocol.Formatter;
using ShareKey.Protocol.Messages;
using ShareKey.Protocol.Tests.Support;
using static ShareKey.Protocol.Tests.Support.ValueGens;

namespace ShareKey.Protocol.Tests.Properties;

/// <summary>
/// The decoders face attackers (any phone in BLE range, anything that reaches the broker), so on any
/// input they either return a message or throw <see cref="ProtocolException"/> — never an index,
/// overflow or null-reference error that would crash the board. Whatever they do accept must
/// re-encode to exactly the bytes received: a second spelling of a message would be malleability.
/// </summary>
public sealed class DecoderFuzzProperties
{
    private const string Accepted = "accepted";

    private static readonly byte[] KnownTypes = Enum.GetValues<MessageType>().Select(t => (byte)t).ToArray();

    /// <summary>Version 1, a known type, a length field that usually matches, then noise — past the first checks.</summary>
    private static readonly Gen<byte[]> HeaderShapedNoise =
        from type in Gen.Frequency((4, Gen.Elements(KnownTypes)), (1, AnyByte))
        from id in Bytes(4)
        from payload in ArrayUpTo(AnyByte, 0, 600)
        from declared in Gen.Frequency((3, Gen.Constant(payload.Length)), (1, Gen.Choose(0, ushort.MaxValue)))
        from tail in Gen.Elements(0, Frame.LinkMacLength).SelectMany(Bytes)
        select new byte[] { Frame.Version, type }.Concat(id).Concat(new[] { (byte)(declared >> 8), (byte)declared })
            .Concat(payload).Concat(tail).ToArray();

    private static readonly Gen<byte[]> RandomInput = Gen.Frequency(
        (2, ArrayUpTo(AnyByte, 0, 40)),
        (2, ArrayUpTo(AnyByte, 0, 700)),
        (4, HeaderShapedNoise));

    private static readonly Gen<MutatedMessage> MutatedBle = MutatedMessage.Of(MessageGens.Ble);

    private static readonly Gen<MutatedMessage> MutatedLinked = MutatedMessage.Of(MessageGens.Linked);

    private readonly WireCodec _codec = new();

    /// <summary>How the decoders answered, so each test can show its inputs got past the frame checks.</summary>
    private readonly Dictionary<string, int> _outcomes = new();

    [Fact]
    public void Random_bytes_are_decoded_or_refused_by_every_decoder()
    {
        PropertyCheck.ForAll(RandomInput, 25_000, input =>
        {
            DecodeBle(input, 0, input.Length);
            DecodeLinked(input, 0, input.Length, LinkKeys.Secrets.LinkDownKey);
            DecodeLinked(input, 0, input.Length, LinkKeys.Secrets.LinkUpKey);
            DecodeToken(input);
        });

        AssertReached(nameof(ProtocolError.UnknownMessageType), nameof(ProtocolError.Truncated), nameof(ProtocolError.BadMac));
    }

    [Fact]
    public void Mutated_BLE_frames_are_decoded_or_refused()
    {
        PropertyCheck.ForAll(MutatedBle, 25_000, mutated =>
        {
            var frame = mutated.Apply(_codec.Encode(mutated.Message), linked: false);
            var buffer = mutated.Embed(frame);
            DecodeBle(buffer, mutated.PaddingBefore, frame.Length);
        });

        AssertReached(Accepted, nameof(ProtocolError.FieldOutOfRange), nameof(ProtocolError.Truncated), nameof(ProtocolError.TrailingBytes));
    }

    [Fact]
    public void Mutated_MQTT_frames_are_decoded_or_refused_even_behind_a_valid_link_MAC()
    {
        PropertyCheck.ForAll(MutatedLinked, 25_000, mutated =>
        {
            var key = LinkKeys.For(mutated.Message.Type);
            var frame = mutated.Apply(_codec.Encode(mutated.Message), linked: true);
            if (mutated.RepairLinkMac)
            {
                frame = FrameRepair.WithValidLinkMac(frame, _codec.Macs, key);
            }

            DecodeLinked(mutated.Embed(frame), mutated.PaddingBefore, frame.Length, key);
        });

        AssertReached(Accepted, nameof(ProtocolError.FieldOutOfRange), nameof(ProtocolError.BadMac), nameof(ProtocolError.Truncated));
    }

    [Fact]
    public void Random_payloads_behind_a_valid_link_MAC_are_decoded_or_refused()
    {
        var linkedTypes = KnownTypes.Where(type => Frame.IsLinkType(type)).ToArray();
        var noisyFrames =
            from type in Gen.Elements(linkedTypes)
            from header in Bytes(4)
            from payload in ArrayUpTo(AnyByte, 0, 300)
            select new byte[] { Frame.Version, type }.Concat(header).Concat(new byte[2]).Concat(payload)
                .Concat(new byte[Frame.LinkMacLength]).ToArray();

        PropertyCheck.ForAll(noisyFrames, 10_000, noise =>
        {
            var key = LinkKeys.For((MessageType)noise[1]);
            var frame = FrameRepair.WithValidLinkMac(FrameRepair.WithMatchingLength(noise, linked: true), _codec.Macs, key);
            DecodeLinked(frame, 0, frame.Length, key);
        });

        AssertReached(nameof(ProtocolError.FieldOutOfRange), nameof(ProtocolError.Truncated));
    }

    [Fact]
    public void Random_and_mutated_tokens_are_decoded_or_refused()
    {
        var tokens = Gen.Frequency(
            (1, ArrayUpTo(AnyByte, 0, 100)),
            (1, Bytes(Tokens.KeyToken.Size - 1).Select(rest => new byte[] { Tokens.KeyToken.CurrentVersion }.Concat(rest).ToArray())),
            (3, Gen.Zip(MessageGens.Token, ByteMutation.Several, (token, edits) => ByteMutation.ApplyAll(TokenCodec.Encode(token), edits))));

        PropertyCheck.ForAll(tokens, 25_000, DecodeToken);

        AssertReached(Accepted, nameof(ProtocolError.FieldOutOfRange), nameof(ProtocolError.UnsupportedVersion), nameof(ProtocolError.Truncated));
    }

    [Fact]
    public void A_missing_token_is_a_protocol_error()
    {
        Assert.Throws<ProtocolException>(() => TokenCodec.Decode(null!));
    }

    private void DecodeBle(byte[] buffer, int offset, int count)
    {
        var message = DecodeOrRefuse("BLE decoder", buffer, () => _codec.Decoder.Decode(buffer, offset, count));
        if (message is not null)
        {
            Assert.Equal(buffer.AsSpan(offset, count).ToArray(), _codec.Encoder.Encode(message));
        }
    }

    private void DecodeLinked(byte[] buffer, int offset, int count, byte[] linkKey)
    {
        var message = DecodeOrRefuse("MQTT decoder", buffer, () => _codec.Decoder.Decode(buffer, offset, count, linkKey));
        if (message is not null)
        {
            Assert.Equal(buffer.AsSpan(offset, count).ToArray(), _codec.Encoder.Encode(message, linkKey));
        }
    }

    private void DecodeToken(byte[] bytes)
    {
        var token = DecodeOrRefuse("token decoder", bytes, () => TokenCodec.Decode(bytes));
        if (token is not null)
        {
            Assert.Equal(bytes, TokenCodec.Encode(token));
        }
    }

    /// <summary>The decoded value, or null when the decoder refused with a <see cref="ProtocolException"/>; anything else fails the property.</summary>
    private T? DecodeOrRefuse<T>(string decoder, byte[] input, Func<T> decode)
        where T : class
    {
        try
        {
            var decoded = decode();
            Tally(Accepted);
            return decoded;
        }
        catch (ProtocolException e)
        {
            Tally(e.Error.ToString());
            return null;
        }
        catch (Exception e)
        {
            Assert.Fail(decoder + " threw " + e.GetType().Name + " on " + Convert.ToHexString(input) + ": " + e);
            return null;
        }
    }

    private void Tally(string outcome) => _outcomes[outcome] = _outcomes.GetValueOrDefault(outcome) + 1;

    private void AssertReached(params string[] outcomes)
    {
        foreach (var outcome in outcomes)
        {
            Assert.True(_outcomes.GetValueOrDefault(outcome) > 0, "no input reached outcome " + outcome + "; seen: " + string.Join(", ", _outcomes));
        }
    }
}
