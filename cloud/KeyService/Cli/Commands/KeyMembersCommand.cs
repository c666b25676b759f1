using System.CommandLine;
using ShareKey.KeyService.Keys;
using Spectre.Console;

namespace ShareKey.KeyService.Cli.Commands;

/// <summary>
/// `sharekey key members ID`: the people a key is shared with (R2.7). The manager removes, freezes
/// or unfreezes one with `key revoke|freeze|unfreeze MEMBER_KEY`, adds one with `key share`.
/// </summary>
public static class KeyMembersCommand
{
    public static Command Create(CliContext context)
    {
        var id = new Argument<string>("id") { Description = "The shared key (16 hex digits)." };
        var command = context.ServiceCommand("members", "List the shares made from a key.", id);
        context.SetAction(command, async (parse, run, cancellationToken) =>
        {
            var reply = await run.Client.GetAsync<List<KeyNodeDto>>($"v1/keys/{Uri.EscapeDataString(parse.GetValue(id)!)}/members", cancellationToken);
            return run.Print(reply, members =>
            {
                if (members.Count == 0)
                {
                    run.Console.MarkupLine("No shares: add one with [bold]sharekey key share[/].");
                    return;
                }

                KeyTreeCommand.Render(run.Console, members);
            });
        });
        return command;
    }
}
