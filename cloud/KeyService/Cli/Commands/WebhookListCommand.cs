using System.CommandLine;
using ShareKey.KeyService.Notifications;
using Spectre.Console;

namespace ShareKey.KeyService.Cli.Commands;

/// <summary>`sharekey webhook list [--user USER]`: your webhook endpoints (operators: another user's).</summary>
public static class WebhookListCommand
{
    public static Command Create(CliContext context)
    {
        var user = new Option<string?>("--user") { Description = "Another user's endpoints (operators only): a user id or name." };
        var command = context.ServiceCommand("list", "Your webhook endpoints.", user);
        context.SetAction(command, async (parse, run, cancellationToken) =>
        {
            var userId = parse.GetValue(user) is { } named ? await UserRef.ResolveAsync(run.Client, named, cancellationToken) : null;
            var reply = await run.Client.GetAsync<List<WebhookDto>>(Query.Of("v1/webhooks", ("userId", userId)), cancellationToken);
            return run.Print(reply, webhooks =>
            {
                var table = Show.Table("ID", "URL", "TYPES", "CREATED");
                foreach (var w in webhooks)
                {
                    table.AddRow(w.Id, Show.Text(w.Url), w.Types.Count == 0 ? "all" : Show.Text(string.Join(", ", w.Types.Select(t => t.Wire()))), Show.Time(w.CreatedAt));
                }

                run.Console.Write(table);
            });
        });
        return command;
    }
}
