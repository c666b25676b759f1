using System.CommandLine;
using ShareKey.KeyService.Api;
using ShareKey.KeyService.Users;
using Spectre.Console;

namespace ShareKey.KeyService.Cli.Commands;

/// <summary>`sharekey user enable USER`: a disabled user's tokens (not revoked, not expired) work again (operators only).</summary>
public static class UserEnableCommand
{
    public static Command Create(CliContext context)
    {
        var user = new Argument<string>("user") { Description = "The user's id or name." };
        var command = context.ServiceCommand("enable", "Enable a disabled user again.", user);
        context.SetAction(command, async (parse, run, cancellationToken) =>
        {
            var id = await UserRef.ResolveAsync(run.Client, parse.GetValue(user)!, cancellationToken);
            var reply = await run.Client.PostAsync<UserDto>($"v1/users/{id}/enable", null, cancellationToken);
            return run.Print(reply, enabled => run.Console.MarkupLine(
                $"User {Show.Text(enabled.Name)} ({enabled.Id}) is enabled: their tokens that are neither revoked nor expired work again. Keys frozen when they were disabled stay frozen until an operator unfreezes them."));
        });
        return command;
    }
}
