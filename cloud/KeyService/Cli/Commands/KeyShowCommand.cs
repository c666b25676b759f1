using System.CommandLine;
using ShareKey.KeyService.Keys;
using Spectre.Console;

namespace ShareKey.KeyService.Cli.Commands;

/// <summary>
/// `sharekey key show ID`: one key. Its holder's answer also carries the token and holder secret;
/// the table only says they are there — `sharekey phone fetch` is what stores them, and --json
/// prints them for scripts that do their own storing.
/// </summary>
public static class KeyShowCommand
{
    public static Command Create(CliContext context)
    {
        var id = new Argument<string>("id") { Description = "The key id (16 hex digits)." };
        var command = context.ServiceCommand("show", "Show one key.", id);
        context.SetAction(command, async (parse, run, cancellationToken) =>
        {
            var reply = await run.Client.GetAsync<HeldKeyDto>($"v1/keys/{Uri.EscapeDataString(parse.GetValue(id)!)}", cancellationToken);
            return run.Print(reply, held => Render(run.Console, held));
        });
        return command;
    }

    public static void Render(IAnsiConsole console, HeldKeyDto held)
    {
        var key = held.Key;
        console.Write(Show.Fields(
            ("key", $"[bold]{key.Id}[/] {Show.Name(key.Type)}, {Show.State(key.State)}"),
            ("device", key.DeviceId),
            ("holder", key.HolderId),
            ("permissions", Show.Text(key.Permissions)),
            ("epoch", Show.Number(key.Epoch)),
            ("valid", $"{Show.Time(key.NotBefore)} → {Show.Time(key.NotAfter)}"),
            ("max uses", key.MaxUses == 0 ? "unlimited" : Show.Number(key.MaxUses)),
            ("shared from", key.ParentKeyId ?? Show.None),
            ("rental", key.RentalId is { } rental ? Show.Number(rental) : Show.None),
            ("holder material", held.Token is null ? "[grey]not shown (only the holder gets the token and holder secret)[/]"
                : "token, holder secret" + (held.Bulletin is null ? string.Empty : ", bulletin") + (held.SignedTime is null ? string.Empty : ", signed time"))));
    }
}
