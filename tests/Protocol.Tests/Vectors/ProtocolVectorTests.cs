using System.Security.Cryptography;
using ShareKey.Protocol.Formatter;
using ShareKey.Protocol.Messages;
using ShareKey.Protocol.Security;
using ShareKey.Protocol.Tests.Support;
using ShareKey.Protocol.Verification;

namespace ShareKey.Protocol.Tests.Vectors;

/// <summary>
/// The published vectors against the library, both ways: what the library encodes must equal the
/// file, and what the file holds must decode, verify and re-encode to itself. MACs are also
/// recomputed with the platform's HMAC straight from the published inputs, so the file stands
/// on its own for implementers in other languages.
/// </summary>
public sealed class ProtocolVectorTests
{
    private readonly List<Vector> _published;
    private readonly Macs _macs = new(Samples.Crypto);

    public ProtocolVectorTests()
    {
        if (Environment.GetEnvironmentVariable(VectorFile.RewriteVariable) == "1")
        {
            VectorFile.Write(VectorBook.Build());
        }

        _published = VectorFile.Read();
    }

    [Fact]
    public void The_library_encodes_exactly_the_published_bytes()
    {
        var built = VectorBook.Build();
        Assert.Equal(built.Select(v => v.Name), _published.Select(v => v.Name));
        foreach (var vector in built)
        {
            var published = _published.Values(vector.Name);
            foreach (var (key, value) in vector.Values)
            {
                Assert.True(published.TryGetValue(key, out var text), vector.Name + "." + key + " is missing from the file");
                Assert.True(value == text, vector.Name + "." + key + ": library gives " + value + ", file says " + text);
            }
        }
    }

    [Fact]
    public void Every_published_mac_is_the_hmac_of_its_published_input()
    {
        var checkedCount = 0;
        foreach (var vector in _published.Where(v => v.Values.ContainsKey("macInput")))
        {
            var key = ResolveKey(vector.Values["key"]);
            var full = HMACSHA256.HashData(key, Convert.FromHexString(vector.Values["macInput"]));
            var expected = vector.Values.TryGetValue("mac", out var mac) ? mac : vector.Values["secret"];
            Assert.True(
                Convert.ToHexStringLower(full).StartsWith(expected, StringComparison.Ordinal),
                vector.Name + ": HMAC of the published input does not give the published value");
            checkedCount++;
        }

        Assert.True(checkedCount >= 15, "expected at least 15 MAC vectors, found " + checkedCount);
    }

    [Fact]
    public void Every_published_frame_decodes_and_re_encodes_to_itself()
    {
        var secrets = new DeviceSecrets(_macs, Samples.RootKey);
        var decoder = new MessageDecoder(_macs);
        var encoder = new MessageEncoder(_macs);
        var frames = _published.Where(v => v.Values.ContainsKey("frame")).ToList();
        foreach (var vector in frames)
        {
            var frame = Convert.FromHexString(vector.Values["frame"]);
            var type = frame[1];
            byte[] again;
            if (Frame.IsLinkType(type))
            {
                var linkKey = type < 0x20 ? secrets.LinkDownKey : secrets.LinkUpKey;
                again = encoder.Encode(decoder.Decode(frame, 0, frame.Length, linkKey), linkKey);
            }
            else
            {
                again = encoder.Encode(decoder.Decode(frame, 0, frame.Length));
            }

            Assert.True(frame.SequenceEqual(again), vector.Name + " does not re-encode to itself");
        }

        Assert.Equal(21, frames.Count);
    }

    [Fact]
    public void The_published_command_is_accepted_by_a_device_in_the_published_state()
    {
        var frame = Convert.FromHexString(_published.Values("command-frame")["frame"]);
        var command = Assert.IsType<CommandMessage>(new MessageDecoder(_macs).Decode(frame, 0, frame.Length));
        var device = DeviceSetup.Fresh(Samples.DeviceId, Samples.Now)
            .WithEpoch(Samples.Epoch, Convert.FromHexString(_published.Values("inputs")["epochKey"]))
            .WithChallenge(Convert.FromHexString(_published.Values("inputs")["nonce"]));

        var verdict = new CommandVerifier(_macs).Verify(device, command);

        Assert.Equal(RefusalReason.Accepted, verdict.Reason);
        Assert.Equal(_published.Values("holder-secret")["secret"], Convert.ToHexStringLower(verdict.HolderSecret!));
        Assert.Equal(9, verdict.RemainingUses);
    }

    [Fact]
    public void The_published_rotate_unwraps_to_the_next_epoch_key_and_its_ack_proves_it()
    {
        var secrets = new DeviceSecrets(_macs, Samples.RootKey);
        var decoder = new MessageDecoder(_macs);
        var rotateFrame = Convert.FromHexString(_published.Values("rotate-frame")["frame"]);
        var rotate = Assert.IsType<RotateMessage>(decoder.Decode(rotateFrame, 0, rotateFrame.Length, secrets.LinkDownKey));

        var epochKey = KeyWrap.Unwrap(_macs, secrets, Samples.DeviceId, rotate.Epoch, rotate.WrappedKey);
        Assert.Equal(_published.Values("inputs")["nextEpochKey"], Convert.ToHexStringLower(epochKey));

        var ackFrame = Convert.FromHexString(_published.Values("ack-frame")["frame"]);
        var ack = Assert.IsType<AckMessage>(decoder.Decode(ackFrame, 0, ackFrame.Length, secrets.LinkUpKey));
        Assert.Equal(rotate.MessageId, ack.AckedMessageId);
        Assert.Equal(_macs.AckProof(epochKey, Samples.DeviceId, rotate.Epoch, rotate.MessageId), ack.Proof);
    }

    [Fact]
    public void The_published_attachments_verify_under_their_own_keys()
    {
        var secrets = new DeviceSecrets(_macs, Samples.RootKey);
        var frame = Convert.FromHexString(_published.Values("command-with-attachments-frame")["frame"]);
        var command = Assert.IsType<CommandMessage>(new MessageDecoder(_macs).Decode(frame, 0, frame.Length));

        Assert.Equal(_macs.BulletinMac(secrets.BulletinKey, command.Bulletin), command.Bulletin.Mac);
        Assert.Equal(_macs.TimeMac(secrets.TimeKey, command.Time.DeviceId, command.Time.Time), command.Time.Mac);
        Assert.Equal(KeyStanding.Revoked, command.Bulletin.Entries[0].Standing);
    }

    private byte[] ResolveKey(string name)
    {
        var inputs = _published.Values("inputs");
        return inputs.TryGetValue(name, out var input)
            ? Convert.FromHexString(input)
            : Convert.FromHexString(_published.Values(name)["secret"]);
    }
}
