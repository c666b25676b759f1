using System.CommandLine;
using ShareKey.KeyService.Notifications;
using Spectre.Console;

namespace ShareKey.KeyService.Cli.Commands;

/// <summary>`sharekey notifications list [--limit N] [--before ID]`: your notifications, newest first.</summary>
public static class NotificationsListCommand
{
    public static Command Create(CliContext context)
    {
        var limit = new Option<int>("--limit") { Description = "At most this many (1–500).", DefaultValueFactory = _ => 50 };
        var before = new Option<long?>("--before") { Description = "Only those older than this notification id (the nextBefore of a previous page)." };
        var command = context.ServiceCommand("list", "Your notifications, newest first.", limit, before);
        context.SetAction(command, async (parse, run, cancellationToken) =>
        {
            var reply = await run.Client.GetAsync<NotificationPageDto>(
                Query.Of("v1/notifications", ("limit", parse.GetValue(limit)), ("before", parse.GetValue(before))), cancellationToken);
            return run.Print(reply, page =>
            {
                var table = Show.Table("ID", "AT", "TYPE", "DEVICE", "KEY", "DETAIL");
                foreach (var n in page.Items)
                {
                    table.AddRow(Show.Number(n.Id), Show.Time(n.OccurredAt), Show.Text(n.Type.Wire()), Show.Text(n.DeviceId), Show.Text(n.KeyId), Show.Text(NotificationText.Detail(n)));
                }

                run.Console.Write(table);
                Show.NextPage(run.Console, "--before", page.NextBefore?.ToString(System.Globalization.CultureInfo.InvariantCulture));
            });
        });
        return command;
    }
}
