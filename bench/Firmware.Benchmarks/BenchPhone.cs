using ShareKey.Protocol.Crypto;
using ShareKey.Protocol.Formatter;
using ShareKey.Protocol.Messages;
using ShareKey.Protocol.Security;
using ShareKey.Protocol.Verification;

namespace ShareKey.Firmware.Benchmarks;

/// <summary>
/// A renter's phone holding one token and its holder secret, using the protocol's own
/// <see cref="CommandSigner"/> to answer a Challenge frame and to judge the Result the car signs.
/// Its own MAC engine, so nothing it computes is counted as the car's. A phone that does not know
/// the secret (a token copied off another phone) signs with a guess, which the car refuses as
/// bad-command-mac.
/// </summary>
public sealed class BenchPhone
{
    private readonly HeldKey _key;
    private readonly Macs _macs = new(new DotNetCryptoProvider());
    private readonly CommandSigner _signer;
    private readonly MessageDecoder _decoder;
    private readonly MessageEncoder _encoder;
    private CommandMessage? _last;
    private uint _messageId;

    public BenchPhone(BenchCloud cloud, ulong keyId, bool knowsSecret = true)
    {
        var token = cloud.Token(keyId);
        _key = new HeldKey(token, knowsSecret ? cloud.HolderSecret(token) : new byte[Macs.SecretLength]);
        _signer = new CommandSigner(_macs);
        _decoder = new MessageDecoder(_macs);
        _encoder = new MessageEncoder(_macs);
    }

    /// <summary>An unlock answering <paramref name="challengeFrame"/>.</summary>
    public byte[] Unlock(byte[] challengeFrame) => Command(challengeFrame, CommandCode.Unlock);

    /// <summary>A lock answering <paramref name="challengeFrame"/> (a parking lock raises its barrier).</summary>
    public byte[] Lock(byte[] challengeFrame) => Command(challengeFrame, CommandCode.Lock);

    private byte[] Command(byte[] challengeFrame, CommandCode code)
    {
        var challenge = (ChallengeMessage)_decoder.Decode(challengeFrame, 0, challengeFrame.Length);
        _last = _signer.Sign(_key, challenge, code, ++_messageId);
        return _encoder.Encode(_last);
    }

    /// <summary>The Result of the last command; an acceptance must be the car's verified word.</summary>
    public ResultMessage Read(byte[] resultFrame)
    {
        var result = (ResultMessage)_decoder.Decode(resultFrame, 0, resultFrame.Length);
        var advice = _signer.Check(_key, _key.Token.DeviceId, _last ?? throw new InvalidOperationException("no command sent yet"), result);
        if (result.Status == RefusalReason.Accepted && advice.Trust != AnswerTrust.Verified)
        {
            throw new InvalidOperationException("the car's Result MAC does not verify");
        }

        return result;
    }
}
