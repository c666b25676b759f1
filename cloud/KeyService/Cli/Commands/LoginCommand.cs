using System.CommandLine;
using ShareKey.KeyService.Users;
using Spectre.Console;

namespace ShareKey.KeyService.Cli.Commands;

/// <summary>
/// `sharekey login [--url URL] [--token TOKEN]`: checks the token against the service and saves
/// both to the CLI config file (owner-only), so later commands need neither flag.
/// </summary>
public static class LoginCommand
{
    public static Command Create(CliContext context)
    {
        var command = context.ServiceCommand("login", "Check a service URL and API token and save them to the CLI config file.");
        context.SetAction(command, async (_, run, cancellationToken) =>
        {
            var connection = run.Client.Connection;
            if (connection.Token is null)
            {
                throw CliFailure.Usage($"give the token to save with --token (or ${CliEnvironment.TokenVariable})");
            }

            var me = await run.Client.GetAsync<UserDto>("v1/users/me", cancellationToken);
            var path = context.Environment.ConfigPath;
            try
            {
                new CliConfigFile(run.Client.Url, connection.Token).Write(path);
            }
            catch (Exception failed) when (failed is IOException or UnauthorizedAccessException)
            {
                throw CliFailure.Runtime($"cannot write {path}: {failed.Message}");
            }

            return run.Print(me, user =>
                run.Console.MarkupLine($"Logged in to {run.Client.Url} as [bold]{Show.Text(user.Name)}[/] ({Show.Name(user.Role)}); saved to {Show.Text(path)} (owner read/write only)."));
        });
        return command;
    }
}
