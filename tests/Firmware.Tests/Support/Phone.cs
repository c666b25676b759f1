using ShareKey.Firmware.Unlock;
using ShareKey.Protocol.Formatter;
using ShareKey.Protocol.Messages;
using ShareKey.Protocol.Tokens;
using ShareKey.Protocol.Verification;

namespace ShareKey.Firmware.Tests.Support;

/// <summary>
/// A phone holding one token and its holder secret: reads the device's Challenge, writes the Command
/// the protocol's signer makes (optionally carrying a bulletin and a signed time), and lets the
/// signer judge the Result, as the app does.
/// </summary>
public sealed class Phone
{
    private readonly TestCloud _cloud;
    private readonly DeviceRig _device;
    private readonly MessageDecoder _decoder;

    public Phone(TestCloud cloud, DeviceRig device, KeyToken token)
    {
        _cloud = cloud;
        _device = device;
        _decoder = new MessageDecoder(cloud.Macs);
        Token = token;
    }

    public KeyToken Token { get; set; }

    /// <summary>True for a phone that copied the token but guesses the holder secret: its command MACs never verify.</summary>
    public bool GuessesSecret { get; set; }

    public ChallengeMessage? LastChallenge { get; private set; }

    public CommandMessage? LastCommand { get; private set; }

    public ChallengeMessage ReadChallenge()
    {
        byte[]? frame = _device.Session.IssueChallengeFrame();
        Assert.NotNull(frame);
        LastChallenge = (ChallengeMessage)_decoder.Decode(frame, 0, frame.Length);
        return LastChallenge;
    }

    /// <summary>Reads a fresh challenge and answers it.</summary>
    public UnlockOutcome Send(CommandCode code = CommandCode.Unlock, BulletinMessage? bulletin = null, TimeSyncMessage? time = null) =>
        Answer(ReadChallenge().Nonce, code, bulletin, time);

    /// <summary>Answers <paramref name="nonce"/> without reading a new challenge, carrying exactly the given attachments.</summary>
    public UnlockOutcome Answer(byte[] nonce, CommandCode code = CommandCode.Unlock, BulletinMessage? bulletin = null, TimeSyncMessage? time = null)
    {
        LastCommand = _cloud.Signer.SignWith(_cloud.Held(Token), Samples.DeviceId, nonce, code, 42, bulletin, time);
        if (GuessesSecret)
        {
            LastCommand.Mac[0] ^= 0x01;
        }

        return Write(_cloud.Frame(LastCommand));
    }

    public UnlockOutcome Write(byte[] frame) => _device.Session.HandleCommand(frame, 0, frame.Length);

    /// <summary>What the phone's signer makes of the Result the device answered to the last command.</summary>
    public CommandAdvice Judge(UnlockOutcome outcome)
    {
        ResultMessage result = (ResultMessage)_decoder.Decode(outcome.ResultFrame, 0, outcome.ResultFrame.Length);
        return _cloud.Signer.Check(_cloud.Held(Token), Samples.DeviceId, LastCommand!, result);
    }

    /// <summary>True when the Result frame decodes and its MAC is the real device's under this phone's holder secret.</summary>
    public bool TrustsResult(UnlockOutcome outcome) => Judge(outcome).Trust == AnswerTrust.Verified;
}
