using System.CommandLine;
using ShareKey.KeyService.Api;
using ShareKey.KeyService.Auth;
using ShareKey.KeyService.Users;
using Spectre.Console;

namespace ShareKey.KeyService.Cli.Commands;

/// <summary>`sharekey user create NAME [--operator]`: a user and their first API token, which is shown this once.</summary>
public static class UserCreateCommand
{
    public static Command Create(CliContext context)
    {
        var name = new Argument<string>("name") { Description = "The user's name." };
        var isOperator = new Option<bool>("--operator") { Description = "Make the user an operator (manages every device, key and user)." };
        var command = context.ServiceCommand("create", "Create a user and print their first API token (shown once).", name, isOperator);
        context.SetAction(command, async (parse, run, cancellationToken) =>
        {
            var request = new UserApi.CreateUserRequest(parse.GetValue(name)!, parse.GetValue(isOperator) ? UserRole.Operator : UserRole.User);
            var reply = await run.Client.PostAsync<UserApi.CreatedUser>("v1/users", request, cancellationToken);
            return run.Print(reply, created =>
            {
                run.Console.MarkupLine($"Created {Show.Name(created.User.Role)} [bold]{Show.Text(created.User.Name)}[/] ({created.User.Id}).");
                run.Console.MarkupLine("Their API token, shown this once — hand it over safely:");
                run.Console.WriteLine("  " + created.Token);
            });
        });
        return command;
    }
}
