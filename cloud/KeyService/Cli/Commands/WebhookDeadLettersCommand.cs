using System.CommandLine;
using ShareKey.KeyService.Notifications;
using Spectre.Console;

namespace ShareKey.KeyService.Cli.Commands;

/// <summary>`sharekey webhook dead-letters ID [--limit N]`: what was given up on after a day of retries, newest first.</summary>
public static class WebhookDeadLettersCommand
{
    public static Command Create(CliContext context)
    {
        var id = new Argument<string>("id") { Description = "The webhook id (16 hex digits)." };
        var limit = new Option<int>("--limit") { Description = "At most this many (1–500).", DefaultValueFactory = _ => 100 };
        var command = context.ServiceCommand("dead-letters", "Deliveries given up on (replay them with `webhook replay`).", id, limit);
        context.SetAction(command, async (parse, run, cancellationToken) =>
        {
            var path = Query.Of($"v1/webhooks/{Uri.EscapeDataString(parse.GetValue(id)!)}/deliveries", ("state", "dead"), ("limit", parse.GetValue(limit)));
            var reply = await run.Client.GetAsync<List<DeliveryDto>>(path, cancellationToken);
            return run.Print(reply, deliveries =>
            {
                var table = Show.Table("DELIVERY", "EVENT", "TYPE", "ATTEMPTS", "LAST ATTEMPT", "LAST ERROR");
                foreach (var d in deliveries)
                {
                    table.AddRow(Show.Number(d.Id), d.EventId, Show.Text(d.Notification.Type.Wire()), Show.Number(d.Attempts), Show.Time(d.LastAttemptAt), Show.Text(d.LastError));
                }

                run.Console.Write(table);
            });
        });
        return command;
    }
}
