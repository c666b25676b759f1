using System.CommandLine;
using ShareKey.KeyService.Users;
using Spectre.Console;

namespace ShareKey.KeyService.Cli.Commands;

/// <summary>`sharekey user list`: every user (operators only).</summary>
public static class UserListCommand
{
    public static Command Create(CliContext context)
    {
        var command = context.ServiceCommand("list", "List users.");
        context.SetAction(command, async (_, run, cancellationToken) =>
        {
            var reply = await run.Client.GetAsync<List<UserDto>>("v1/users", cancellationToken);
            return run.Print(reply, users =>
            {
                var table = Show.Table("ID", "NAME", "ROLE", "CREATED", "DISABLED");
                foreach (var user in users)
                {
                    table.AddRow(user.Id, Show.Text(user.Name), Show.Name(user.Role), Show.Time(user.CreatedAt), Show.Time(user.DisabledAt));
                }

                run.Console.Write(table);
            });
        });
        return command;
    }
}
