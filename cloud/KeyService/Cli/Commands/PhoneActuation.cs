using System.CommandLine;
using System.Text.Json;
using ShareKey.KeyService.Api;
using ShareKey.Phone.Bridge;
using ShareKey.Phone.Commands;
using ShareKey.Protocol.Buffers;
using ShareKey.Protocol.Messages;
using ShareKey.Protocol.Verification;
using Spectre.Console;

namespace ShareKey.KeyService.Cli.Commands;

/// <summary>
/// The CLI face of `phone unlock`, `phone lock` and `phone start` (the work is <see cref="AtTheDevice"/>'s).
/// Exit 0 only when the device accepted and its answer verifies under the holder secret; a refusal,
/// an unverifiable answer or none is 2.
/// </summary>
public static class PhoneActuation
{
    /// <summary>The outcome for --json: the device's word, how far to believe it, and the advice.</summary>
    public sealed record Outcome(
        string KeyId, string DeviceId, string Command, string? Status, bool Verified, string Trust, bool Advisory, string Actuation, string Remedy, bool RetryMayHelp,
        int? RemainingUses, DateTimeOffset? DeviceTime, IReadOnlyList<string> Carried);

    public static Command Create(CliContext context, CommandCode code, string description)
    {
        var verb = Names.Of(code);
        var id = new Argument<string>("key-id") { Description = "The key id, as stored by `sharekey phone fetch`." };
        var bridge = new Option<string>("--bridge") { Description = "HOST:PORT of the device's BLE bridge (the simulator prints it).", Required = true };
        var rssi = new Option<int>("--rssi") { Description = "The simulated signal strength of this phone's link, in dBm.", DefaultValueFactory = _ => -50 };
        var command = context.LocalCommand(verb, description, id, bridge, rssi, context.Wallet);
        context.SetAction(command, async (parse, run, cancellationToken) =>
        {
            var keyId = parse.GetValue(id)!.ToLowerInvariant();
            var outcome = await PhoneWallet.RunAsync(() => AtTheDevice.RunAsync(
                PhoneWallet.Of(context, parse), keyId, parse.GetValue(bridge)!, code, parse.GetValue(rssi), cancellationToken));
            Report(run, keyId, outcome);
            return outcome.Advice.Accepted ? ExitCodes.Success : ExitCodes.Runtime;
        });
        return command;
    }

    private static void Report(Invocation run, string keyId, ExchangeOutcome outcome)
    {
        var advice = outcome.Advice;
        var result = outcome.Result;
        var carried = new[] { outcome.Command.Bulletin is { } b ? $"bulletin #{b.Sequence}" : null, outcome.Command.Time is null ? null : "signed time" }.OfType<string>().ToList();
        if (run.Json)
        {
            var verified = advice.Trust == AnswerTrust.Verified;
            var remaining = !verified || advice.RemainingUses == ResultMessage.UnlimitedUses ? (int?)null : advice.RemainingUses;
            var json = new Outcome(
                keyId, Hex.OfId(outcome.Challenge.DeviceId), Names.Of(outcome.Command.Command), result is null ? null : Names.Of(result.Status), verified,
                Json.Name(advice.Trust), advice.Advisory, Json.Name(advice.Actuation), Json.Name(advice.Remedy), advice.RetryMayHelp,
                remaining, result is null ? null : DateTimeOffset.FromUnixTimeSeconds(result.DeviceTime), carried);
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
