using System.CommandLine;
using ShareKey.KeyService.Api;
using ShareKey.KeyService.Users;
using Spectre.Console;

namespace ShareKey.KeyService.Cli.Commands;

/// <summary>`sharekey user list [--limit N] [--after NAME]`: users by name (operators only).</summary>
public static class UserListCommand
{
    public static Command Create(CliContext context)
    {
        var limit = new Option<int>("--limit") { Description = $"At most this many (1–{PageSize.Max}).", DefaultValueFactory = _ => PageSize.Default };
        var after = new Option<string?>("--after") { Description = "Only those named after this name (the nextAfter of a previous page)." };
        var command = context.ServiceCommand("list", "List users by name.", limit, after);
        context.SetAction(command, async (parse, run, cancellationToken) =>
        {
            var reply = await run.Client.GetAsync<UserPageDto>(Query.Of("v1/users", ("limit", parse.GetValue(limit)), ("after", parse.GetValue(after))), cancellationToken);
            return run.Print(reply, page =>
            {
                var table = Show.Table("ID", "NAME", "ROLE", "CREATED", "DISABLED");
                foreach (var user in page.Items)
                {
                    table.AddRow(user.Id, Show.Text(user.Name), Show.Name(user.Role), Show.Time(user.CreatedAt), Show.Time(user.DisabledAt));
                }

                run.Console.Write(table);
                Show.NextPage(run.Console, "--after", page.NextAfter);
            });
        });
        return command;
    }
}
