using System.Net.Sockets;
using ShareKey.BleBridge;
using ShareKey.Phone.Bridge;
using ShareKey.Phone.Keys;
using ShareKey.Protocol;
using ShareKey.Protocol.Buffers;
using ShareKey.Protocol.Messages;
using ShareKey.Protocol.Verification;

namespace ShareKey.Phone.Commands;

/// <summary>
/// What `phone unlock`, `phone lock` and `phone start` do: one command to a device through the BLE
/// bridge with a key from the wallet, no network needed. A key the phone knows is revoked is not
/// sent. What a signed refusal says about the key (revoked, frozen) is written to the wallet, so
/// `phone keys` shows it; a signed acceptance clears such a note.
/// </summary>
public static class AtTheDevice
{
    public static async Task<ExchangeOutcome> RunAsync(Wallet wallet, string keyId, string bridge, CommandCode code, int rssiDbm, CancellationToken cancellationToken)
    {
        var entry = Entry(wallet, keyId.ToLowerInvariant());
        if (entry.State == FetchedKey.Revoked)
        {
            var learned = entry.Learned is { } l ? $" ({l.Detail}, {l.At:yyyy-MM-dd HH:mm} UTC)" : string.Empty;
            throw PhoneFailure.Runtime($"key {entry.KeyId} is revoked{learned}; nothing was sent: ask the owner or operator for a new key");
        }

        var key = Decode(entry);
        var endPoint = await BridgeAddress.ResolveAsync(bridge, cancellationToken)
            ?? throw PhoneFailure.Usage($"'{bridge}' is not HOST:PORT of a BLE bridge");
        ExchangeOutcome outcome;
        try
        {
            await using var link = await BridgeClient.ConnectAsync(endPoint, cancellationToken);
            link.RssiDbm = rssiDbm;
            var exchange = new CommandExchange();
            var challenge = await exchange.ChallengeAsync(link, cancellationToken)
                ?? throw PhoneFailure.Runtime("the device holds no key yet (its first rotation is not confirmed); try again once `sharekey device show` shows an epoch");
            if (challenge.DeviceId != key.Token.DeviceId)
            {
                throw PhoneFailure.Usage($"the bridge at {endPoint} is device {Hex.OfId(challenge.DeviceId)}, the key is for device {Hex.OfId(key.Token.DeviceId)}; nothing was sent");
            }

            outcome = await exchange.CommandAsync(link, challenge, key, code, cancellationToken);
        }
        catch (SocketException unreachable)
        {
            throw PhoneFailure.Runtime($"cannot reach the BLE bridge at {endPoint} ({unreachable.Message}); is the device simulator running?");
        }
        catch (TimeoutException silent)
        {
            throw PhoneFailure.Runtime($"the device did not answer: {silent.Message}");
        }
        catch (BridgeException closed)
        {
            throw PhoneFailure.Runtime(closed.Code == BridgeErrorCode.Busy ? "another phone is connected to the device; try again shortly" : closed.Message);
        }
        catch (Exception broken) when (broken is IOException or ProtocolException or InvalidDataException)
        {
            throw PhoneFailure.Runtime($"the exchange with the device broke off before anything was sent: {broken.Message}");
        }

        try
        {
            Remember(wallet, entry, outcome.Advice);
        }
        catch (Exception failed) when (failed is IOException or UnauthorizedAccessException)
        {
            throw PhoneFailure.Runtime($"the device answered {Names.Of(outcome.Advice.Reason)}, but the wallet {wallet.Folder} could not note it: {failed.Message}");
        }

        return outcome;
    }

    /// <summary>The stored key, or a usage failure that says how to get it.</summary>
    public static WalletEntry Entry(Wallet wallet, string keyId)
    {
        try
        {
            return wallet.Find(keyId) ?? throw PhoneFailure.Usage($"the wallet {wallet.Folder} has no key {keyId}; get it with `sharekey phone fetch {keyId}`");
        }
        catch (Exception invalid) when (invalid is ArgumentException or InvalidDataException)
        {
            throw PhoneFailure.Usage(invalid.Message);
        }
    }

    private static HeldKey Decode(WalletEntry entry)
    {
        try
        {
            return HeldKeys.From(entry);
        }
        catch (Exception damaged) when (damaged is ProtocolException or FormatException or InvalidDataException)
        {
            throw PhoneFailure.Usage($"the stored key {entry.KeyId} is damaged ({damaged.Message}); fetch it again with `sharekey phone fetch {entry.KeyId}`");
        }
    }

    /// <summary>Only the device's signed word changes what the wallet says about a key; an advisory answer could be anyone's.</summary>
    private static void Remember(Wallet wallet, WalletEntry entry, CommandAdvice advice)
    {
        if (advice.Trust != AnswerTrust.Verified)
        {
            return;
        }

        var reason = advice.Reason;
        if (reason is RefusalReason.Revoked or RefusalReason.ParentRevoked or RefusalReason.Frozen)
        {
            var state = reason == RefusalReason.Revoked ? FetchedKey.Revoked : Names.Of(reason);
            wallet.Save(entry with { Learned = new LearnedState(state, LearnedState.FromDevice, DateTimeOffset.UtcNow, $"the device refused it as {Names.Of(reason)} (signed)") });
        }
        else if (advice.Accepted && entry.Learned is not null)
        {
            wallet.Save(entry with { Learned = null });
        }
    }
}
