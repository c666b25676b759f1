using System.CommandLine;
using ShareKey.KeyService.Users;
using Spectre.Console;

namespace ShareKey.KeyService.Cli.Commands;

/// <summary>`sharekey user revoke-token TOKEN_ID [--user USER]`: a token stops working at once (yours, or any user's for an operator).</summary>
public static class UserRevokeTokenCommand
{
    public static Command Create(CliContext context)
    {
        var tokenId = new Argument<long>("token-id") { Description = "The token's number, as `sharekey user tokens` lists it." };
        var user = new Option<string?>("--user") { Description = "Whose token (id or name); default: yours." };
        var command = context.ServiceCommand("revoke-token", "Revoke an API token for good.", tokenId, user);
        context.SetAction(command, async (parse, run, cancellationToken) =>
        {
            var id = await UserTokensCommand.UserOrSelfAsync(run, parse.GetValue(user), cancellationToken);
            var reply = await run.Client.PostAsync<ApiTokenDto>($"v1/users/{id}/tokens/{parse.GetValue(tokenId)}/revoke", null, cancellationToken);
            return run.Print(reply, token =>
                run.Console.MarkupLine($"API token {token.Id} ({Show.Text(token.Name)}) of user {token.UserId} is revoked: every call with it is refused from now on."));
        });
        return command;
    }
}
