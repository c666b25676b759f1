using ShareKey.Firmware.Unlock;
using ShareKey.Protocol.Formatter;
using ShareKey.Protocol.Messages;
using ShareKey.Protocol.Security;
using ShareKey.Protocol.Tokens;

namespace ShareKey.Firmware.Tests.Support;

/// <summary>
/// A phone holding one token and its holder secret: reads the device's Challenge, writes a Command
/// (optionally carrying a bulletin and a signed time), and checks the Result's MAC as the app would.
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

    /// <summary>Answers <paramref name="nonce"/> without reading a new challenge.</summary>
    public UnlockOutcome Answer(byte[] nonce, CommandCode code = CommandCode.Unlock, BulletinMessage? bulletin = null, TimeSyncMessage? time = null)
    {
        CommandMessage command = _cloud.Command(Token, nonce, code);
        command.Bulletin = bulletin;
        command.Time = time;
        LastCommand = command;
        return Write(_cloud.Frame(command));
    }

    public UnlockOutcome Write(byte[] frame) => _device.Session.HandleCommand(frame, 0, frame.Length);

    /// <summary>True when the Result frame decodes and its MAC is the real device's under this phone's holder secret.</summary>
    public bool TrustsResult(UnlockOutcome outcome)
    {
        ResultMessage result = (ResultMessage)_decoder.Decode(outcome.ResultFrame, 0, outcome.ResultFrame.Length);
        return ConstantTime.Equals(_cloud.ResultMac(Token, LastCommand!.Nonce, result), result.Mac);
    }
}
