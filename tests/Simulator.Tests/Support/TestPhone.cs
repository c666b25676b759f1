using System.Net;
using ShareKey.BleBridge;
using ShareKey.Protocol.Formatter;
using ShareKey.Protocol.Messages;
using ShareKey.Protocol.Tokens;
using ShareKey.Protocol.Verification;

namespace ShareKey.Simulator.Tests.Support;

/// <summary>
/// A phone holding one key — a token and its holder secret S, as the cloud would issue them —
/// that unlocks over the BLE bridge with the protocol's own <see cref="CommandSigner"/>: read the
/// challenge, write the Command it signs, let it judge the Result.
/// </summary>
public sealed class TestPhone(TestDevice device, KeyToken token)
{
    private static uint _messageIds;

    private readonly MessageEncoder _encoder = new(TestDevice.Macs);
    private readonly MessageDecoder _decoder = new(TestDevice.Macs);
    private readonly CommandSigner _signer = new(TestDevice.Macs);

    public KeyToken Token { get; } = token;

    /// <summary>The token and the holder secret the cloud would derive for it from the device's epoch key.</summary>
    public HeldKey Key { get; } = new(token, TestDevice.Macs.HolderSecret(device.EpochKey(token.Epoch), device.DeviceId, token.KeyId));

    /// <summary>A token for <paramref name="device"/> under epoch <paramref name="epoch"/>, valid for an hour from now, tagged with E(n).</summary>
    public static TestPhone WithKey(TestDevice device, uint epoch, ulong keyId = 0x4B45590000000001, ushort maxUses = 0)
    {
        KeyToken token = new()
        {
            DeviceId = device.DeviceId,
            KeyId = keyId,
            Epoch = epoch,
            HolderId = 0x5553455200000001,
            Permissions = Permissions.Unlock | Permissions.Lock | Permissions.Start,
            NotBefore = ScriptedCloud.Now - 600,
            NotAfter = ScriptedCloud.Now + 3600,
            MaxUses = maxUses,
        };
        token.Tag = TestDevice.Macs.TokenTag(device.EpochKey(epoch), token);
        return new TestPhone(device, token);
    }

    /// <summary>One command over a fresh BLE connection with the link at <paramref name="rssiDbm"/>.</summary>
    public async Task<PhoneResult> SendAsync(IPEndPoint ble, CommandCode code = CommandCode.Unlock, int rssiDbm = -50)
    {
        await using BridgeClient link = await BridgeClient.ConnectAsync(ble);
        link.RssiDbm = rssiDbm;
        link.Timeout = TestTimeouts.Signal;
        byte[] challengeFrame = await link.ReadChallengeAsync() ?? throw new InvalidOperationException("the car offers no challenge (no epoch key)");
        ChallengeMessage challenge = (ChallengeMessage)_decoder.Decode(challengeFrame, 0, challengeFrame.Length);
        CommandMessage command = _signer.Sign(Key, challenge, code, Interlocked.Increment(ref _messageIds), false);
        byte[] resultFrame = await link.WriteCommandAsync(_encoder.Encode(command));
        ResultMessage result = (ResultMessage)_decoder.Decode(resultFrame, 0, resultFrame.Length);
        return new PhoneResult(result, _signer.Check(Key, challenge.DeviceId, command, result));
    }
}

/// <summary>What the phone got back, and what the phone's signer makes of it.</summary>
public sealed record PhoneResult(ResultMessage Result, CommandAdvice Advice)
{
    /// <summary>True when the Result's MAC proves the real car answered.</summary>
    public bool Trusted => Advice.Trust == AnswerTrust.Verified;
}
