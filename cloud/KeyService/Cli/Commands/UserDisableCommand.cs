using System.CommandLine;
using ShareKey.KeyService.Api;
using ShareKey.KeyService.Users;
using Spectre.Console;

namespace ShareKey.KeyService.Cli.Commands;

/// <summary>
/// `sharekey user disable USER --keys revoke|freeze|keep`: every API token of the user is refused
/// at once, and their keys are revoked, frozen (by an operator) or kept (operators only).
/// </summary>
public static class UserDisableCommand
{
    public static Command Create(CliContext context)
    {
        var user = new Argument<string>("user") { Description = "The user's id or name." };
        var keys = new Option<string>("--keys") { Description = "What happens to the keys they hold: revoke (for good; their active rentals are returned), freeze (until an operator unfreezes) or keep.", Required = true };
        keys.AcceptOnlyFromAmong(Show.Names<HeldKeysAction>());
        var command = context.ServiceCommand("disable", "Disable a user: their API tokens stop working; their keys are revoked, frozen or kept.", user, keys);
        context.SetAction(command, async (parse, run, cancellationToken) =>
        {
            var id = await UserRef.ResolveAsync(run.Client, parse.GetValue(user)!, cancellationToken);
            var action = Show.Parse<HeldKeysAction>(parse.GetValue(keys)!);
            var reply = await run.Client.PostAsync<UserDto>($"v1/users/{id}/disable", new UserApi.DisableUserRequest(action), cancellationToken);
            return run.Print(reply, disabled => run.Console.MarkupLine(
                $"User {Show.Text(disabled.Name)} ({disabled.Id}) is disabled: every API token of theirs is refused. Their keys: " + action switch
                {
                    HeldKeysAction.Revoke => "revoked, with everything shared from them.",
                    HeldKeysAction.Freeze => "frozen by an operator, with everything shared from them.",
                    _ => "kept as they were.",
                }));
        });
        return command;
    }
}
