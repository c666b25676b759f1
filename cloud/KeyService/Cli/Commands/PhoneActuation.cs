using System.CommandLine;
using System.Net.Sockets;
using System.Text.Json;
using ShareKey.BleBridge;
using ShareKey.KeyService.Api;
using ShareKey.KeyService.Phone;
using ShareKey.Protocol;
using ShareKey.Protocol.Buffers;
using ShareKey.Protocol.Messages;
using ShareKey.Protocol.Verification;
using Spectre.Console;

namespace ShareKey.KeyService.Cli.Commands;

/// <summary>
/// What `phone unlock`, `phone lock` and `phone start` share: one command to a device through the
/// BLE bridge with a key from the wallet, no network needed. Exit 0 only when the device accepted
/// and its answer verifies under the holder secret; a refusal or an unverifiable answer is 2.
/// </summary>
public static class PhoneActuation
{
    /// <summary>The outcome for --json: the device's verified word, or why it cannot be trusted.</summary>
    public sealed record Outcome(
        string KeyId, string DeviceId, string Command, string Status, bool Verified, string Trust, bool Advisory, string Actuation, string Remedy, bool RetryMayHelp,
        int? RemainingUses, DateTimeOffset DeviceTime, IReadOnlyList<string> Carried);

    public static Command Create(CliContext context, CommandCode code, string description)
    {
        var verb = Names.Of(code);
        var id = new Argument<string>("key-id") { Description = "The key id, as stored by `sharekey phone fetch`." };
        var bridge = new Option<string>("--bridge") { Description = "HOST:PORT of the device's BLE bridge (the simulator prints it).", Required = true };
        var carry = new Option<bool>("--carry") { Description = "Attach the stored bulletin and signed time even if the device does not look behind." };
        var rssi = new Option<int>("--rssi") { Description = "The simulated signal strength of this phone's link, in dBm.", DefaultValueFactory = _ => -50 };
        var command = context.LocalCommand(verb, description, id, bridge, carry, rssi, context.Wallet);
        context.SetAction(command, async (parse, run, cancellationToken) =>
        {
            var entry = PhoneWallet.Entry(PhoneWallet.Of(context, parse), parse.GetValue(id)!.ToLowerInvariant());
            var key = Decode(entry);
            var endPoint = await BridgeAddress.ResolveAsync(parse.GetValue(bridge)!, cancellationToken)
                ?? throw CliFailure.Usage($"'{parse.GetValue(bridge)}' is not HOST:PORT of a BLE bridge");
            var outcome = await Talk(endPoint, run, key, code, parse.GetValue(carry), parse.GetValue(rssi), cancellationToken);
            Report(run, entry.KeyId, outcome);
            return outcome.Advice.Accepted ? ExitCodes.Success : ExitCodes.Runtime;
        });
        return command;
    }

    private static HeldKey Decode(WalletEntry entry)
    {
        try
        {
            return PhoneKey.From(entry);
        }
        catch (Exception damaged) when (damaged is ProtocolException or FormatException or InvalidDataException)
        {
            throw CliFailure.Usage($"the stored key {entry.KeyId} is damaged ({damaged.Message}); fetch it again with `sharekey phone fetch {entry.KeyId}`");
        }
    }

    private static async Task<ExchangeOutcome> Talk(System.Net.IPEndPoint endPoint, Invocation run, HeldKey key, CommandCode code, bool carry, int rssi, CancellationToken cancellationToken)
    {
        try
        {
            await using var link = await BridgeClient.ConnectAsync(endPoint, cancellationToken);
            link.RssiDbm = rssi;
            var exchange = new Exchange();
            var challenge = await exchange.ChallengeAsync(link, cancellationToken)
                ?? throw CliFailure.Runtime("the device holds no key yet (its first rotation is not confirmed); try again once `sharekey device show` shows an epoch");
            if (challenge.DeviceId != key.Token.DeviceId)
            {
                throw CliFailure.Usage($"the bridge at {endPoint} is device {Hex.OfId(challenge.DeviceId)}, the key is for device {Hex.OfId(key.Token.DeviceId)}; nothing was sent");
            }

            return await exchange.CommandAsync(link, challenge, key, code, carry, cancellationToken);
        }
        catch (SocketException unreachable)
        {
            throw CliFailure.Runtime($"cannot reach the BLE bridge at {endPoint} ({unreachable.Message}); is the device simulator running?");
        }
        catch (TimeoutException silent)
        {
            throw CliFailure.Runtime($"the device did not answer: {silent.Message}");
        }
        catch (BridgeException closed)
        {
            throw CliFailure.Runtime(closed.Code == BridgeErrorCode.Busy ? "another phone is connected to the device; try again shortly" : closed.Message);
        }
        catch (Exception broken) when (broken is IOException or ProtocolException or InvalidDataException)
        {
            throw CliFailure.Runtime($"the exchange with the device broke off: {broken.Message}");
        }
    }

    private static void Report(Invocation run, string keyId, ExchangeOutcome outcome)
    {
        var advice = outcome.Advice;
        var result = outcome.Result;
        var carried = new[] { outcome.Command.Bulletin is { } b ? $"bulletin #{b.Sequence}" : null, outcome.Command.Time is null ? null : "signed time" }.OfType<string>().ToList();
        if (run.Json)
        {
            var remaining = advice.Trust != AnswerTrust.Verified || advice.RemainingUses == ResultMessage.UnlimitedUses ? (int?)null : advice.RemainingUses;
            var json = new Outcome(
                keyId, Hex.OfId(outcome.Challenge.DeviceId), Names.Of(result.Command), Names.Of(result.Status), advice.Trust == AnswerTrust.Verified,
                Json.Name(advice.Trust), advice.Advisory, Json.Name(advice.Actuation), Json.Name(advice.Remedy), advice.RetryMayHelp,
                remaining, DateTimeOffset.FromUnixTimeSeconds(result.DeviceTime), carried);
            run.Output.WriteLine(JsonSerializer.Serialize(json, Json.Options));
            return;
        }

        var challenge = outcome.Challenge;
        run.Console.MarkupLine($"Device {Hex.OfId(challenge.DeviceId)}: epochs {challenge.ActiveEpoch}/{challenge.BackupEpoch}, bulletin {challenge.BulletinSequence}, clock {Show.Time(DateTimeOffset.FromUnixTimeSeconds(challenge.DeviceTime))}");
        run.Console.MarkupLine($"Sent {Names.Of(outcome.Command.Command)} with key {keyId} (epoch {outcome.Command.Token.Epoch})" + (carried.Count == 0 ? string.Empty : " carrying " + string.Join(" and ", carried)));
        var colour = advice.Accepted ? "green" : "red";
        run.Console.MarkupLine($"[{colour}]{Markup.Escape(AdviceText.Verdict(advice))}[/]");
        var whatToDo = AdviceText.WhatToDo(advice, keyId);
        if (whatToDo.Length > 0)
        {
            run.Console.MarkupLine("What to do: " + Markup.Escape(whatToDo));
        }
    }
}
