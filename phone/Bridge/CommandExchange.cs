using System.Security.Cryptography;
using ShareKey.BleBridge;
using ShareKey.Protocol;
using ShareKey.Protocol.Crypto;
using ShareKey.Protocol.Formatter;
using ShareKey.Protocol.Messages;
using ShareKey.Protocol.Security;
using ShareKey.Protocol.Verification;

namespace ShareKey.Phone.Bridge;

/// <summary>What the phone saw and sent, the device's answer (null when none came), and what the phone's signer makes of it.</summary>
public sealed record ExchangeOutcome(ChallengeMessage Challenge, CommandMessage Command, ResultMessage? Result, CommandAdvice Advice);

/// <summary>
/// One command over BLE (docs/protocol.md §4.1–§4.3): read the challenge, write the Command the
/// protocol's <see cref="CommandSigner"/> makes, take the notified Result and let the signer judge
/// it. Once the Command is written, a link that breaks, stays silent or answers garbage is an
/// answer too: nobody can say whether the device acted (<see cref="AnswerTrust.NoAnswer"/>).
/// </summary>
public sealed class CommandExchange
{
    private readonly Macs _macs = new(new DotNetCryptoProvider());

    /// <summary>The device's challenge, or null while it holds no key (it has never had a rotation confirmed).</summary>
    public async Task<ChallengeMessage?> ChallengeAsync(BridgeClient bridge, CancellationToken cancellationToken)
    {
        var frame = await bridge.ReadChallengeAsync(cancellationToken);
        return frame is null ? null : Decode<ChallengeMessage>(frame);
    }

    public async Task<ExchangeOutcome> CommandAsync(BridgeClient bridge, ChallengeMessage challenge, HeldKey key, CommandCode code, CancellationToken cancellationToken)
    {
        var signer = new CommandSigner(_macs);
        var command = signer.Sign(key, challenge, code, BitConverter.ToUInt32(RandomNumberGenerator.GetBytes(4)));
        byte[] answer;
        try
        {
            answer = await bridge.WriteCommandAsync(new MessageEncoder(_macs).Encode(command), cancellationToken);
        }
        catch (Exception lost) when (lost is TimeoutException or IOException or BridgeException)
        {
            return new ExchangeOutcome(challenge, command, null, CommandAdvice.NoAnswer(code));
        }

        ResultMessage result;
        try
        {
            result = Decode<ResultMessage>(answer);
        }
        catch (Exception garbled) when (garbled is ProtocolException or InvalidDataException)
        {
            return new ExchangeOutcome(challenge, command, null, CommandAdvice.NoAnswer(code));
        }

        return new ExchangeOutcome(challenge, command, result, signer.Check(key, challenge.DeviceId, command, result));
    }

    /// <summary>Decodes a device frame of the expected type; anything else is the device's fault (<see cref="ProtocolException"/> or <see cref="InvalidDataException"/>).</summary>
    private T Decode<T>(byte[] frame)
        where T : Message =>
        new MessageDecoder(_macs).Decode(frame, 0, frame.Length) as T
            ?? throw new InvalidDataException($"the device sent a {Names.Of((MessageType)frame[1])} where a {typeof(T).Name.Replace("Message", string.Empty, StringComparison.Ordinal)} belongs");
}
