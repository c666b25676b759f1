using System.Security.Cryptography;
using ShareKey.BleBridge;
using ShareKey.Protocol.Crypto;
using ShareKey.Protocol.Formatter;
using ShareKey.Protocol.Messages;
using ShareKey.Protocol.Security;

namespace ShareKey.KeyService.Phone;

/// <summary>What the phone saw and sent, and the device's answer; <see cref="Verified"/> says whether that answer is the device's own.</summary>
public sealed record ExchangeOutcome(ChallengeMessage Challenge, CommandMessage Command, ResultMessage Result, bool Verified)
{
    public bool Accepted => Verified && Result.Status == Protocol.Verification.RefusalReason.Accepted;
}

/// <summary>
/// One command over BLE as a phone does it (docs/protocol.md §4.1–§4.3): read the challenge, write
/// one Command MAC'd with the holder secret, take the notified Result and check its MAC with the
/// same secret. Attachments go along when the challenge shows the device is behind (an older
/// bulletin, a clock before the signed time), or always with <c>carry</c>.
/// </summary>
public sealed class Exchange
{
    private readonly Macs _macs = new(new DotNetCryptoProvider());

    /// <summary>The device's challenge, or null while it holds no key (it has never had a rotation confirmed).</summary>
    public async Task<ChallengeMessage?> ChallengeAsync(BridgeClient bridge, CancellationToken cancellationToken)
    {
        var frame = await bridge.ReadChallengeAsync(cancellationToken);
        return frame is null ? null : Decode<ChallengeMessage>(frame);
    }

    public async Task<ExchangeOutcome> CommandAsync(BridgeClient bridge, ChallengeMessage challenge, PhoneKey key, CommandCode code, bool carry, CancellationToken cancellationToken)
    {
        var command = new CommandMessage
        {
            MessageId = BitConverter.ToUInt32(RandomNumberGenerator.GetBytes(4)),
            Token = key.Token,
            Command = code,
            Nonce = challenge.Nonce,
            Bulletin = key.Bulletin is { } bulletin && (carry || bulletin.Sequence > challenge.BulletinSequence) ? bulletin : null,
            Time = key.SignedTime is { } time && (carry || time.Time > challenge.DeviceTime) ? time : null,
            Mac = _macs.CommandMac(key.HolderSecret, challenge.DeviceId, challenge.Nonce, code, key.Token.Tag),
        };
        var result = Decode<ResultMessage>(await bridge.WriteCommandAsync(new MessageEncoder(_macs).Encode(command), cancellationToken));
        var verified = result.MessageId == command.MessageId
            && result.Command == code
            && ConstantTime.Equals(_macs.ResultMac(key.HolderSecret, challenge.DeviceId, challenge.Nonce, result), result.Mac);
        return new ExchangeOutcome(challenge, command, result, verified);
    }

    /// <summary>Decodes a device frame of the expected type; anything else is the device's fault (<see cref="Protocol.ProtocolException"/> or <see cref="InvalidDataException"/>).</summary>
    private T Decode<T>(byte[] frame)
        where T : Message =>
        new MessageDecoder(_macs).Decode(frame, 0, frame.Length) as T
            ?? throw new InvalidDataException($"the device sent a {Names.Of((MessageType)frame[1])} where a {typeof(T).Name.Replace("Message", string.Empty, StringComparison.Ordinal)} belongs");
}
