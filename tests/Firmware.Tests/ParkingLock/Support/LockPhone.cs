using ShareKey.Firmware.Tests.Support;
using ShareKey.Firmware.Unlock;
using ShareKey.Protocol.Formatter;
using ShareKey.Protocol.Messages;
using ShareKey.Protocol.Tokens;

namespace ShareKey.Firmware.Tests.ParkingLock.Support;

/// <summary>A phone at the lock: connects, lets the board hear its signal, reads the challenge and writes one Command through the controller.</summary>
public sealed class LockPhone(TestCloud cloud, LockRig rig, KeyToken token)
{
    private readonly MessageDecoder _decoder = new(cloud.Macs);

    /// <summary>Signs with a wrong holder secret (one flipped MAC bit): a thief holding a copied token.</summary>
    public bool GuessesSecret { get; set; }

    public UnlockOutcome Send(CommandCode code = CommandCode.Unlock)
    {
        byte[] challengeFrame = rig.Controller.BleConnected();
        Assert.NotNull(challengeFrame);
        for (int i = 0; i < 3; i++)
        {
            rig.Controller.BleSignal(-50);
        }

        ChallengeMessage challenge = (ChallengeMessage)_decoder.Decode(challengeFrame, 0, challengeFrame.Length);
        CommandMessage message = cloud.Command(token, challenge.Nonce, code);
        if (GuessesSecret)
        {
            message.Mac[0] ^= 0x01;
        }

        byte[] command = cloud.Frame(message);
        UnlockOutcome outcome = rig.Controller.BleCommand(command, 0, command.Length);
        rig.Controller.BleDisconnected();
        return outcome;
    }
}
