using System.CommandLine;
using ShareKey.KeyService.Notifications;
using Spectre.Console;

namespace ShareKey.KeyService.Cli.Commands;

/// <summary>`sharekey webhook remove ID`: nothing more is sent to the endpoint; what was pending is cancelled.</summary>
public static class WebhookRemoveCommand
{
    public static Command Create(CliContext context)
    {
        var id = new Argument<string>("id") { Description = "The webhook id (16 hex digits)." };
        var command = context.ServiceCommand("remove", "Remove a webhook endpoint.", id);
        context.SetAction(command, async (parse, run, cancellationToken) =>
        {
            var reply = await run.Client.DeleteAsync<WebhookDto>($"v1/webhooks/{Uri.EscapeDataString(parse.GetValue(id)!)}", cancellationToken);
            return run.Print(reply, webhook => run.Console.MarkupLine($"Webhook [bold]{webhook.Id}[/] removed; nothing more is sent to {Show.Text(webhook.Url)}."));
        });
        return command;
    }
}
