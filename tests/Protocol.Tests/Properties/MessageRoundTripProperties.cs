using ShareKey.Protocol.Tests.Support;

namespace ShareKey.Protocol.Tests.Properties;

/// <summary>
/// Encode → decode → encode is the identity for every valid message: the decoder accepts all the
/// encoder can produce, loses no field, and the encoding is canonical (one message, one byte string).
/// </summary>
public sealed class MessageRoundTripProperties
{
    private const int CasesPerShape = 2000;

    private readonly WireCodec _codec = new();

    public static TheoryData<string> Shapes() => new(MessageGens.ByName.Keys);

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Encode_decode_encode_gives_the_same_bytes_and_fields(string shape)
    {
        PropertyCheck.ForAll(MessageGens.ByName[shape], CasesPerShape, message =>
        {
            var frame = _codec.Encode(message);
            var decoded = _codec.Decode(message.Type, frame);

            Assert.Empty(FieldDifferences.Between(message, decoded));
            Assert.Equal(frame, _codec.Encode(decoded));
        });
    }

    [Fact]
    public void Shapes_cover_all_thirteen_message_types()
    {
        var types = MessageGens.ByName.Values
            .Select(generator => FsCheck.Fluent.Gen.Sample(generator, 1)[0].Type)
            .Distinct();

        Assert.Equal(Enum.GetValues<Messages.MessageType>().Order(), types.Order());
    }

    [Fact]
    public void Field_comparison_sees_a_change_deep_inside_a_command()
    {
        var original = FsCheck.Fluent.Gen.Sample(MessageGens.Command(true, true), 1)[0];
        var copy = (Messages.CommandMessage)_codec.Decode(original.Type, _codec.Encode(original));
        copy.Bulletin!.Mac[3] ^= 1;

        Assert.Equal(["message.Bulletin.Mac[3]"], FieldDifferences.Between(original, copy).Select(d => d.Split(':')[0]));
    }
}
