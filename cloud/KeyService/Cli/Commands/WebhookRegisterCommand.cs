using System.CommandLine;
using ShareKey.KeyService.Notifications;
using Spectre.Console;

namespace ShareKey.KeyService.Cli.Commands;

/// <summary>`sharekey webhook register --url URL [--type T …]`: send your notifications to an https:// endpoint; prints its signing secret once.</summary>
public static class WebhookRegisterCommand
{
    public static Command Create(CliContext context)
    {
        var url = new Option<string>("--endpoint") { Description = "The endpoint (https://…).", Required = true };
        var types = new Option<string[]>("--type") { Description = "A notification type to send (e.g. device.unlocked); repeat for several. Default: all.", AllowMultipleArgumentsPerToken = true };
        var command = context.ServiceCommand("register", "Register a webhook endpoint; the signing secret is shown only now.", url, types);
        context.SetAction(command, async (parse, run, cancellationToken) =>
        {
            var given = parse.GetValue(types);
            var reply = await run.Client.PostAsync<RegisteredWebhookDto>("v1/webhooks", new RegisterWebhookRequest(parse.GetValue(url), given is { Length: > 0 } ? given : null), cancellationToken);
            return run.Print(reply, registered =>
            {
                var webhook = registered.Webhook;
                run.Console.MarkupLine($"Webhook [bold]{webhook.Id}[/] → {Show.Text(webhook.Url)} ({(webhook.Types.Count == 0 ? "every type" : Show.Text(string.Join(", ", webhook.Types.Select(t => t.Wire()))))}).");
                run.Console.MarkupLine($"Signing secret (shown only now; store it with the receiver): [bold]{Show.Text(registered.Secret)}[/]");
                run.Console.MarkupLine($"[grey]Each delivery carries {WebhookSignature.SignatureHeader}: v1=HMAC-SHA256(secret, \"{{{WebhookSignature.TimestampHeader}}}.{{body}}\") in hex.[/]");
            });
        });
        return command;
    }
}
