using System.Net;
using ShareKey.Phone.Bridge;
using ShareKey.Protocol.Messages;
using ShareKey.Protocol.Tokens;
using ShareKey.Protocol.Verification;

namespace ShareKey.Simulator.Tests.Support;

/// <summary>
/// A phone holding one key — a token and its holder secret S, as the cloud would issue them —
/// that works the car over the BLE bridge with the phone client's own <see cref="CommandExchange"/>
/// (the protocol's signer underneath): read the challenge, write the signed Command, judge the Result.
/// </summary>
public sealed class TestPhone(TestDevice device, KeyToken token)
{
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
        CommandExchange exchange = new();
        ChallengeMessage challenge = await exchange.ChallengeAsync(link, CancellationToken.None) ?? throw new InvalidOperationException("the car offers no challenge (no epoch key)");
        ExchangeOutcome outcome = await exchange.CommandAsync(link, challenge, Key, code, CancellationToken.None);
        return new PhoneResult(outcome.Result ?? throw new InvalidOperationException("the car sent no valid Result"), outcome.Advice);
    }
}

/// <summary>What the phone got back, and what the phone's signer makes of it.</summary>
public sealed record PhoneResult(ResultMessage Result, CommandAdvice Advice)
{
    /// <summary>True when the Result's MAC proves the real car answered.</summary>
    public bool Trusted => Advice.Trust == AnswerTrust.Verified;
}
