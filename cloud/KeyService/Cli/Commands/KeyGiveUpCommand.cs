using System.CommandLine;
using ShareKey.KeyService.Keys;
using Spectre.Console;

namespace ShareKey.KeyService.Cli.Commands;

/// <summary>`sharekey key give-up ID`: the recipient hands a share back (R2.7); it is revoked, and the manager sees it.</summary>
public static class KeyGiveUpCommand
{
    public static Command Create(CliContext context)
    {
        var id = new Argument<string>("id") { Description = "The shared key you hold (16 hex digits)." };
        var command = context.ServiceCommand("give-up", "Give up a key shared with you.", id);
        context.SetAction(command, async (parse, run, cancellationToken) =>
        {
            var reply = await run.Client.PostAsync<KeyDto>($"v1/keys/{Uri.EscapeDataString(parse.GetValue(id)!)}/give-up", null, cancellationToken);
            return run.Print(reply, key =>
                run.Console.MarkupLine($"Gave up key [bold]{key.Id}[/]: it is {Show.State(key.State)}; device {key.DeviceId} learns it from its next bulletin."));
        });
        return command;
    }
}
