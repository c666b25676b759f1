using ShareKey.Protocol.Crypto;
using ShareKey.Protocol.Formatter;
using ShareKey.Protocol.Messages;
using ShareKey.Protocol.Security;
using ShareKey.Protocol.Tokens;
using ShareKey.Protocol.Verification;

namespace ShareKey.Firmware.Benchmarks;

/// <summary>
/// A renter's phone holding one token and its holder secret: answers a Challenge frame with a
/// MAC'd Command frame and checks the Result the car signs, as the app does. Its own MAC engine,
/// so nothing it computes is counted as the car's. A phone that does not know the secret (a token
/// copied off another phone) MACs its commands with a guess, which the car refuses as bad-command-mac.
/// </summary>
public sealed class BenchPhone
{
    private readonly KeyToken _token;
    private readonly byte[] _holderSecret;
    private readonly Macs _macs = new(new DotNetCryptoProvider());
    private readonly MessageDecoder _decoder;
    private readonly MessageEncoder _encoder;
    private uint _messageId;

    public BenchPhone(BenchCloud cloud, ulong keyId, bool knowsSecret = true)
    {
        _token = cloud.Token(keyId);
        _holderSecret = knowsSecret ? cloud.HolderSecret(_token) : new byte[Macs.SecretLength];
        _decoder = new MessageDecoder(_macs);
        _encoder = new MessageEncoder(_macs);
    }

    /// <summary>The nonce of the last challenge answered: the Result's MAC covers it.</summary>
    public byte[] LastNonce { get; private set; } = [];

    /// <summary>An unlock answering <paramref name="challengeFrame"/>.</summary>
    public byte[] Unlock(byte[] challengeFrame)
    {
        var challenge = (ChallengeMessage)_decoder.Decode(challengeFrame, 0, challengeFrame.Length);
        LastNonce = challenge.Nonce;
        return _encoder.Encode(new CommandMessage
        {
            MessageId = ++_messageId,
            Token = _token,
            Command = CommandCode.Unlock,
            Nonce = challenge.Nonce,
            Mac = _macs.CommandMac(_holderSecret, _token.DeviceId, challenge.Nonce, CommandCode.Unlock, _token.Tag),
        });
    }

    /// <summary>The Result of the last command, with its MAC checked when the car signed it (refusals before the MAC checks are unsigned).</summary>
    public ResultMessage Read(byte[] resultFrame)
    {
        var result = (ResultMessage)_decoder.Decode(resultFrame, 0, resultFrame.Length);
        if (result.Status == RefusalReason.Accepted
            && !ConstantTime.Equals(_macs.ResultMac(_holderSecret, _token.DeviceId, LastNonce, result), result.Mac))
        {
            throw new InvalidOperationException("the car's Result MAC does not verify");
        }

        return result;
    }
}
