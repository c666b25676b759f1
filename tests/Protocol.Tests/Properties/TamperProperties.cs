using FsCheck.Fluent;
using ShareKey.Protocol.Buffers;
using ShareKey.Protocol.Formatter;
using ShareKey.Protocol.Messages;
using ShareKey.Protocol.Security;
using ShareKey.Protocol.Tests.Support;
using ShareKey.Protocol.Tokens;
using ShareKey.Protocol.Verification;

namespace ShareKey.Protocol.Tests.Properties;

/// <summary>
/// No single changed byte of anything a MAC or tag protects is ever accepted. Exhaustive: every
/// position under every mask of <see cref="ByteTamper.Masks"/>, not a sample.
/// </summary>
public sealed class TamperProperties
{
    private const int TokenStart = Frame.HeaderLength;
    private const int CodeAt = TokenStart + KeyToken.Size;
    private const int NonceStart = CodeAt + 1;
    private const int AttachmentsAt = NonceStart + 16;

    private readonly Macs _macs = new(Samples.Crypto);
    private readonly MessageEncoder _encoder;
    private readonly MessageDecoder _decoder;
    private readonly CommandVerifier _verifier;
    private readonly DeviceSecrets _secrets = LinkKeys.Secrets;

    public TamperProperties()
    {
        _encoder = new MessageEncoder(_macs);
        _decoder = new MessageDecoder(_macs);
        _verifier = new CommandVerifier(_macs);
    }

    public static TheoryData<string> LinkedShapes() => new(MessageGens.LinkedByName.Keys);

    /// <summary>
    /// Per region of the Command, the refusals a change there may cause. An altered token is caught
    /// by its tag (or, for the device id and epoch, by the cheap checks before it), never reaches the
    /// semantic checks; a changed code or MAC fails the command MAC; a changed nonce is stale.
    /// </summary>
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Changing_any_byte_of_the_token_code_nonce_or_MAC_of_a_command_is_refused(bool carryingBulletinAndTime)
    {
        var frame = _encoder.Encode(SampleCommand(carryingBulletinAndTime));
        Assert.Equal(RefusalReason.Accepted, Judge(frame));

        var macStart = frame.Length - Macs.MacLength;
        var tried = 0;
        foreach (var (position, mask, tampered) in ByteTamper.Each(frame, TokenStart, AttachmentsAt + 1)
                     .Concat(ByteTamper.Each(frame, macStart, frame.Length)))
        {
            var reason = Judge(tampered);
            var allowed = AllowedRefusals(position, macStart);
            Assert.True(allowed.Contains(reason), $"byte {position} ^ 0x{mask:X2} gave {reason}, expected one of {string.Join(", ", allowed)}");
            tried++;
        }

        Assert.Equal((AttachmentsAt + 1 - TokenStart + Macs.MacLength) * ByteTamper.Masks.Length, tried);
    }

    [Fact]
    public void Changing_any_byte_of_a_wrapped_key_fails_its_tag()
    {
        var wrapped = KeyWrap.Wrap(_macs, _secrets, Samples.DeviceId, Samples.Epoch, Samples.EpochKey, Samples.Sequence(0x70, WrappedKey.IvLength));
        Assert.Equal(Samples.EpochKey, KeyWrap.Unwrap(_macs, _secrets, Samples.DeviceId, Samples.Epoch, wrapped));
        var wire = wrapped.Iv.Concat(wrapped.Ciphertext).Concat(wrapped.Tag).ToArray();

        foreach (var (position, mask, tampered) in ByteTamper.Each(wire))
        {
            var altered = new WrappedKey(
                tampered[..WrappedKey.IvLength],
                tampered[WrappedKey.IvLength..(WrappedKey.IvLength + WrappedKey.CiphertextLength)],
                tampered[(WrappedKey.IvLength + WrappedKey.CiphertextLength)..]);
            var error = Assert.Throws<ProtocolException>(() => KeyWrap.Unwrap(_macs, _secrets, Samples.DeviceId, Samples.Epoch, altered));
            Assert.True(error.Error == ProtocolError.BadMac, $"wrap byte {position} ^ 0x{mask:X2} gave {error.Error}");
        }
    }

    /// <summary>The tag binds the key to its device and epoch, so a captured wrap cannot be replayed elsewhere or later.</summary>
    [Fact]
    public void A_wrapped_key_does_not_unwrap_for_any_other_device_or_epoch_one_bit_away()
    {
        var wrapped = KeyWrap.Wrap(_macs, _secrets, Samples.DeviceId, Samples.Epoch, Samples.EpochKey, Samples.Sequence(0x70, WrappedKey.IvLength));

        for (var bit = 0; bit < 64; bit++)
        {
            var device = Samples.DeviceId ^ (1UL << bit);
            Assert.Throws<ProtocolException>(() => KeyWrap.Unwrap(_macs, _secrets, device, Samples.Epoch, wrapped));
        }

        for (var bit = 0; bit < 32; bit++)
        {
            var epoch = Samples.Epoch ^ (1U << bit);
            Assert.Throws<ProtocolException>(() => KeyWrap.Unwrap(_macs, _secrets, Samples.DeviceId, epoch, wrapped));
        }
    }

    [Fact]
    public void Changing_any_byte_of_a_bulletin_fails_its_MAC()
    {
        var body = Body(writer => BulletinCodec.WriteBulletin(writer, SampleBulletin()));
        Assert.True(BulletinVerifies(body));

        foreach (var (position, mask, tampered) in ByteTamper.Each(body))
        {
            Assert.False(BulletinVerifies(tampered), $"bulletin byte {position} ^ 0x{mask:X2} still verifies");
        }
    }

    [Fact]
    public void Changing_any_byte_of_a_signed_time_fails_its_MAC()
    {
        var body = Body(writer => BulletinCodec.WriteTimeSync(writer, SampleTime()));
        Assert.True(TimeVerifies(body));

        foreach (var (position, mask, tampered) in ByteTamper.Each(body))
        {
            Assert.False(TimeVerifies(tampered), $"time byte {position} ^ 0x{mask:X2} still verifies");
        }
    }

    /// <summary>
    /// The link MAC is checked before the payload is read, so a change anywhere but the version,
    /// type or length bytes (which fail the frame checks first) is reported as a bad MAC.
    /// </summary>
    [Theory]
    [MemberData(nameof(LinkedShapes))]
    public void Changing_any_byte_of_an_MQTT_frame_fails_its_link_MAC(string shape)
    {
        var message = Gen.Sample(MessageGens.LinkedByName[shape], 1)[0];
        var key = LinkKeys.For(message.Type);
        var frame = _encoder.Encode(message, key);
        Assert.Equal(message.Type, _decoder.Decode(frame, 0, frame.Length, key).Type);

        foreach (var (position, mask, tampered) in ByteTamper.Each(frame))
        {
            var error = Assert.Throws<ProtocolException>(() => _decoder.Decode(tampered, 0, tampered.Length, key));
            var checkedBeforeMac = position is 0 or 1 or 6 or 7;
            Assert.True(checkedBeforeMac || error.Error == ProtocolError.BadMac, $"{shape} byte {position} ^ 0x{mask:X2} gave {error.Error}");
        }
    }

    private static RefusalReason[] AllowedRefusals(int position, int macStart)
    {
        const int DeviceIdStart = TokenStart + 1;
        const int EpochStart = TokenStart + 17;
        return position switch
        {
            TokenStart => [RefusalReason.Malformed],
            >= DeviceIdStart and < DeviceIdStart + 8 => [RefusalReason.WrongDevice],
            >= EpochStart and < EpochStart + 4 => [RefusalReason.UnknownEpoch, RefusalReason.Malformed],
            < CodeAt => [RefusalReason.BadTag, RefusalReason.Malformed],
            CodeAt => [RefusalReason.BadCommandMac, RefusalReason.Malformed],
            < AttachmentsAt => [RefusalReason.StaleNonce],
            AttachmentsAt => [RefusalReason.Malformed],
            _ when position >= macStart => [RefusalReason.BadCommandMac],
            _ => throw new ArgumentOutOfRangeException(nameof(position)),
        };
    }

    /// <summary>What the device does with a Command write: decode (a failure is reported as malformed), then verify.</summary>
    private RefusalReason Judge(byte[] frame)
    {
        Message message;
        try
        {
            message = _decoder.Decode(frame, 0, frame.Length);
        }
        catch (ProtocolException)
        {
            return RefusalReason.Malformed;
        }

        return _verifier.Verify(Samples.Device(), (CommandMessage)message).Reason;
    }

    private CommandMessage SampleCommand(bool carryingBulletinAndTime)
    {
        var token = Samples.Token(_macs);
        if (!carryingBulletinAndTime)
        {
            return Samples.Command(_macs, token);
        }

        var bulletin = SampleBulletin();
        bulletin.MessageId = 0;
        var time = SampleTime();
        time.MessageId = 0;
        return new CommandSigner(_macs).SignWith(Samples.Held(_macs, token), Samples.DeviceId, Samples.Nonce, CommandCode.Unlock, 1, bulletin, time);
    }

    private BulletinMessage SampleBulletin()
    {
        var bulletin = new BulletinMessage
        {
            MessageId = 5,
            DeviceId = Samples.DeviceId,
            Sequence = 12,
            IssuedAt = Samples.Now - 30,
            Epoch = 7,
            Entries =
            [
                new BulletinEntry(0x4B45590000000002, KeyStanding.Revoked, Samples.Now + 3600),
                new BulletinEntry(0x4B45590000000003, KeyStanding.Frozen, BulletinEntry.NoExpiry),
                new BulletinEntry(0x4B45590000000004, KeyStanding.Transferred, Samples.Now + 7200),
            ],
        };
        bulletin.Mac = _macs.BulletinMac(_secrets.BulletinKey, bulletin);
        return bulletin;
    }

    private TimeSyncMessage SampleTime() => new()
    {
        MessageId = 6,
        DeviceId = Samples.DeviceId,
        Time = Samples.Now + 600,
        Mac = _macs.TimeMac(_secrets.TimeKey, Samples.DeviceId, Samples.Now + 600),
    };

    /// <summary>The device's check of a bulletin body: it must parse, and its MAC must match under K_bulletin.</summary>
    private bool BulletinVerifies(byte[] body)
    {
        var bulletin = ReadWhole(body, BulletinCodec.ReadBulletin);
        return bulletin is not null && ConstantTime.Equals(_macs.BulletinMac(_secrets.BulletinKey, bulletin), bulletin.Mac);
    }

    private bool TimeVerifies(byte[] body)
    {
        var time = ReadWhole(body, BulletinCodec.ReadTimeSync);
        return time is not null && ConstantTime.Equals(_macs.TimeMac(_secrets.TimeKey, time.DeviceId, time.Time), time.Mac);
    }

    private static T? ReadWhole<T>(byte[] body, Func<ByteReader, T> read)
        where T : class
    {
        try
        {
            var reader = new ByteReader(body, 0, body.Length);
            var value = read(reader);
            reader.ExpectEnd("body");
            return value;
        }
        catch (ProtocolException)
        {
            return null;
        }
    }

    private static byte[] Body(Action<ByteWriter> write)
    {
        var writer = new ByteWriter(64);
        write(writer);
        return writer.ToArray();
    }
}
