using ShareKey.Firmware.State;
using ShareKey.Protocol.Formatter;
using ShareKey.Protocol.Messages;
using ShareKey.Protocol.Security;
using ShareKey.Protocol.Verification;

namespace ShareKey.Protocol.Benchmarks;

/// <summary>
/// What the device does between a phone's Command write and its Result notification: decode the
/// frame, verify, sign the Result, encode it. Shared by the benchmark and the HMAC count so both
/// measure the same work.
/// </summary>
public sealed class UnlockPipeline
{
    private readonly MessageDecoder _decoder;
    private readonly MessageEncoder _encoder;
    private readonly CommandVerifier _verifier;
    private readonly DeviceKeyState _device = BenchDevice.Create();
    private readonly byte[] _commandFrame;

    public UnlockPipeline()
    {
        Macs = new Macs(BenchMessages.Crypto);
        _decoder = new MessageDecoder(Macs);
        _encoder = new MessageEncoder(Macs);
        _verifier = new CommandVerifier(Macs);
        _commandFrame = _encoder.Encode(BenchMessages.Unlock(carryingBulletinAndTime: false));
    }

    /// <summary>The device's MAC engine; its <see cref="Security.Macs.HmacCount"/> is the pipeline's HMAC cost.</summary>
    public Macs Macs { get; }

    /// <summary>Issues a fresh challenge (as the device does before each attempt) and runs one unlock; throws unless it is accepted.</summary>
    public byte[] Run()
    {
        _device.IssueNonce();
        var command = (CommandMessage)_decoder.Decode(_commandFrame, 0, _commandFrame.Length);
        var verdict = _verifier.Verify(_device, command);
        if (!verdict.Accepted)
        {
            throw new InvalidOperationException("the benchmark unlock was refused (" + Names.Of(verdict.Reason) + "); it would measure the wrong path");
        }

        var result = _verifier.SignResult(verdict, _device.DeviceId, command, command.MessageId, _device.Now);
        return _encoder.Encode(result);
    }
}
