using System.CommandLine;
using ShareKey.KeyService.Api;
using ShareKey.KeyService.Users;
using Spectre.Console;

namespace ShareKey.KeyService.Cli.Commands;

/// <summary>`sharekey user token [USER] [--label TEXT]`: a new API token for a user (default: yourself), shown once.</summary>
public static class UserTokenCommand
{
    public static Command Create(CliContext context)
    {
        var user = new Argument<string?>("user") { Description = "The user's id or name; default: the caller.", Arity = ArgumentArity.ZeroOrOne };
        var label = new Option<string>("--label") { Description = "What the token is for, kept beside its hash.", DefaultValueFactory = _ => "cli" };
        var command = context.ServiceCommand("token", "Create another API token for a user (shown once).", user, label);
        context.SetAction(command, async (parse, run, cancellationToken) =>
        {
            var id = parse.GetValue(user) is { } named
                ? await UserRef.ResolveAsync(run.Client, named, cancellationToken)
                : (await run.Client.GetAsync<UserDto>("v1/users/me", cancellationToken)).Value.Id;
            var reply = await run.Client.PostAsync<UserApi.CreatedToken>($"v1/users/{id}/tokens", new UserApi.CreateTokenRequest(parse.GetValue(label)), cancellationToken);
            return run.Print(reply, created =>
            {
                run.Console.WriteLine($"A new API token for user {id}, shown this once:");
                run.Console.WriteLine("  " + created.Token);
            });
        });
        return command;
    }
}
