using ShareKey.Protocol.Formatter;
using ShareKey.Protocol.Messages;
using ShareKey.Protocol.Security;
using ShareKey.Protocol.Tests.Support;

namespace ShareKey.Protocol.Tests.Framing;

/// <summary>The frame rules of docs/protocol.md §2 (F1–F6, L1), each with the error it must produce.</summary>
public sealed class FrameRuleTests
{
    private readonly Macs _macs = new(Samples.Crypto);
    private readonly MessageEncoder _encoder;
    private readonly MessageDecoder _decoder;
    private readonly DeviceSecrets _secrets;

    public FrameRuleTests()
    {
        _encoder = new MessageEncoder(_macs);
        _decoder = new MessageDecoder(_macs);
        _secrets = new DeviceSecrets(_macs, Samples.RootKey);
    }

    [Fact]
    public void F1_refuses_an_unknown_version()
    {
        var frame = Challenge();
        frame[0] = 2;
        AssertRefused(ProtocolError.UnsupportedVersion, frame);
    }

    [Fact]
    public void F2_refuses_an_unknown_type()
    {
        var frame = Challenge();
        frame[1] = 0x7F;
        AssertRefused(ProtocolError.UnknownMessageType, frame);
    }

    [Fact]
    public void F2_refuses_an_mqtt_type_on_ble_and_a_ble_type_on_mqtt()
    {
        var commit = _encoder.Encode(new CommitMessage { Epoch = 8 }, _secrets.LinkDownKey);
        AssertRefused(ProtocolError.UnknownMessageType, commit);

        var challenge = Challenge();
        var error = Assert.Throws<ProtocolException>(() => _decoder.Decode(challenge, 0, challenge.Length, _secrets.LinkDownKey));
        Assert.Equal(ProtocolError.UnknownMessageType, error.Error);
    }

    [Fact]
    public void F2_a_type_byte_without_a_reader_is_refused_as_unknown_on_both_channels_never_read_as_another_type()
    {
        var known = Enum.GetValues<MessageType>().Select(t => (int)t).ToHashSet();
        for (var type = 0; type < 256; type++)
        {
            var ble = Challenge();
            ble[1] = (byte)type;
            var mqtt = _encoder.Encode(new CommitMessage { Epoch = 8 }, _secrets.LinkDownKey);
            mqtt[1] = (byte)type;
            var linkKey = LinkKeys.For((MessageType)type);
            mqtt = FrameRepair.WithValidLinkMac(mqtt, _macs, linkKey);

            foreach (var decode in new Func<Message>[] { () => _decoder.Decode(ble, 0, ble.Length), () => _decoder.Decode(mqtt, 0, mqtt.Length, linkKey) })
            {
                try
                {
                    Assert.Equal(type, (int)decode().Type);
                }
                catch (ProtocolException refused)
                {
                    Assert.True(known.Contains(type) || refused.Error == ProtocolError.UnknownMessageType, $"type 0x{type:x2} has no reader, yet was refused as {refused.Error}");
                }
            }
        }
    }

    [Fact]
    public void F2_refuses_a_down_type_read_as_up_and_an_up_type_read_as_down_even_under_the_right_link_key()
    {
        var commitUp = _encoder.Encode(new CommitMessage { MessageId = 3, Epoch = 8 }, _secrets.LinkUpKey);
        var refused = Assert.Throws<ProtocolException>(() => _decoder.DecodeUp(commitUp, 0, commitUp.Length, _secrets.LinkUpKey));
        Assert.Equal(ProtocolError.UnknownMessageType, refused.Error);
        Assert.Contains("Commit is a down message", refused.Message, StringComparison.Ordinal);

        var ackDown = _encoder.Encode(new AckMessage { MessageId = 4, AckedMessageId = 3, Status = AckStatus.Applied, Proof = new byte[16] }, _secrets.LinkDownKey);
        refused = Assert.Throws<ProtocolException>(() => _decoder.DecodeDown(ackDown, 0, ackDown.Length, _secrets.LinkDownKey));
        Assert.Equal(ProtocolError.UnknownMessageType, refused.Error);
        Assert.Contains("Ack is an up message", refused.Message, StringComparison.Ordinal);

        var commitDown = _encoder.Encode(new CommitMessage { MessageId = 5, Epoch = 8 }, _secrets.LinkDownKey);
        Assert.IsType<CommitMessage>(_decoder.DecodeDown(commitDown, 0, commitDown.Length, _secrets.LinkDownKey));
        var ackUp = _encoder.Encode(new AckMessage { MessageId = 6, AckedMessageId = 5, Status = AckStatus.Applied, Proof = new byte[16] }, _secrets.LinkUpKey);
        Assert.IsType<AckMessage>(_decoder.DecodeUp(ackUp, 0, ackUp.Length, _secrets.LinkUpKey));
    }

    [Fact]
    public void F3_refuses_a_truncated_frame_at_every_length()
    {
        var frame = Challenge();
        for (var length = 0; length < frame.Length; length++)
        {
            var error = Assert.Throws<ProtocolException>(() => _decoder.Decode(frame, 0, length));
            Assert.Equal(ProtocolError.Truncated, error.Error);
        }
    }

    [Fact]
    public void F4_refuses_trailing_bytes()
    {
        var frame = Challenge();
        var longer = new byte[frame.Length + 1];
        frame.CopyTo(longer, 0);
        AssertRefused(ProtocolError.TrailingBytes, longer);
    }

    [Fact]
    public void F4_refuses_a_payload_longer_than_its_layout()
    {
        var frame = Challenge();
        var longer = new byte[frame.Length + 1];
        frame.CopyTo(longer, 0);
        longer[7]++;
        AssertRefused(ProtocolError.TrailingBytes, longer);
    }

    [Fact]
    public void F5_refuses_a_declared_length_over_the_maximum()
    {
        var frame = Challenge();
        frame[6] = 0xFF;
        frame[7] = 0xFF;
        AssertRefused(ProtocolError.TooLarge, frame);
    }

    [Fact]
    public void L1_refuses_an_mqtt_frame_whose_link_mac_does_not_verify()
    {
        var commit = _encoder.Encode(new CommitMessage { Epoch = 8 }, _secrets.LinkDownKey);
        commit[^1] ^= 0x01;
        var error = Assert.Throws<ProtocolException>(() => _decoder.Decode(commit, 0, commit.Length, _secrets.LinkDownKey));
        Assert.Equal(ProtocolError.BadMac, error.Error);
    }

    [Fact]
    public void L1_refuses_an_uplink_frame_reflected_back_down()
    {
        var ack = _encoder.Encode(new AckMessage { AckedMessageId = 4, Proof = new byte[16] }, _secrets.LinkUpKey);
        var error = Assert.Throws<ProtocolException>(() => _decoder.Decode(ack, 0, ack.Length, _secrets.LinkDownKey));
        Assert.Equal(ProtocolError.BadMac, error.Error);
    }

    [Fact]
    public void Decodes_from_an_offset_inside_a_larger_buffer()
    {
        var frame = Challenge();
        var buffer = new byte[frame.Length + 10];
        frame.CopyTo(buffer, 5);
        var challenge = Assert.IsType<ChallengeMessage>(_decoder.Decode(buffer, 5, frame.Length));
        Assert.Equal(Samples.DeviceId, challenge.DeviceId);
    }

    [Fact]
    public void Refuses_a_slice_outside_the_buffer()
    {
        var error = Assert.Throws<ProtocolException>(() => _decoder.Decode(new byte[8], 4, 8));
        Assert.Equal(ProtocolError.InvalidArgument, error.Error);
    }

    private byte[] Challenge() => _encoder.Encode(new ChallengeMessage
    {
        MessageId = 1,
        DeviceId = Samples.DeviceId,
        Nonce = Samples.Nonce,
        DeviceTime = Samples.Now,
        ActiveEpoch = Samples.Epoch,
    });

    private void AssertRefused(ProtocolError expected, byte[] frame)
    {
        var error = Assert.Throws<ProtocolException>(() => _decoder.Decode(frame, 0, frame.Length));
        Assert.Equal(expected, error.Error);
        Assert.Matches("^[FL][0-9]: ", error.Message);
    }
}
