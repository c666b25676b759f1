using System.CommandLine;
using System.Text.Json;
using ShareKey.KeyService.Api;
using ShareKey.Phone.Keys;
using Spectre.Console;

namespace ShareKey.KeyService.Cli.Commands;

/// <summary>
/// `sharekey phone keys [--wallet DIR]`: the keys stored on this phone, each with its state as far
/// as the phone knows — the service's word at the fetch, or what it learned since (a fetch that
/// found the key revoked, a refusal the device signed). --json leaves the token and holder secret out.
/// </summary>
public static class PhoneKeysCommand
{
    /// <summary>A stored key as listed: no secrets, its known state and where that came from, and what it carries for offline devices.</summary>
    public sealed record Listed(ServiceKey Key, string State, LearnedState? Learned, string Service, DateTimeOffset FetchedAt, bool CarriesBulletin, bool CarriesSignedTime);

    public static Command Create(CliContext context)
    {
        var command = context.LocalCommand("keys", "List the keys stored in the phone's wallet.", context.Wallet);
        context.SetAction(command, (parse, run, _) =>
        {
            var wallet = PhoneWallet.Of(context, parse);
            IReadOnlyList<WalletEntry> entries;
            try
            {
                entries = wallet.List();
            }
            catch (InvalidDataException damaged)
            {
                throw CliFailure.Usage(damaged.Message);
            }

            var listed = entries.Select(e => new Listed(e.Held.Key, e.State, e.Learned, e.Service, e.FetchedAt, e.Held.Bulletin is not null, e.Held.SignedTime is not null)).ToList();
            if (run.Json)
            {
                run.Output.WriteLine(JsonSerializer.Serialize(listed, Json.Options));
                return Task.FromResult(ExitCodes.Success);
            }

            var table = Show.Table("KEY", "DEVICE", "TYPE", "STATE", "EPOCH", "VALID UNTIL", "MAX USES", "CARRIES", "FETCHED");
            foreach (var e in listed)
            {
                var carries = string.Join(", ", new[] { e.CarriesBulletin ? "bulletin" : null, e.CarriesSignedTime ? "time" : null }.OfType<string>());
                var state = e.Learned is { } learned ? $"{e.State} (per {learned.Source}, {Show.Time(learned.At)})" : e.State;
                table.AddRow(e.Key.Id, e.Key.DeviceId, Markup.Escape(e.Key.Type), Markup.Escape(state), Show.Number(e.Key.Epoch), Show.Time(e.Key.NotAfter),
                    e.Key.MaxUses == 0 ? "unlimited" : Show.Number(e.Key.MaxUses), carries.Length == 0 ? Show.None : carries, Show.Time(e.FetchedAt));
            }

            run.Console.Write(table);
            run.Console.MarkupLine($"[grey]Wallet: {Markup.Escape(wallet.Folder)}[/]");
            return Task.FromResult(ExitCodes.Success);
        });
        return command;
    }
}
