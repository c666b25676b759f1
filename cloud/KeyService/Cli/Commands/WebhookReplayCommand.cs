using System.CommandLine;
using ShareKey.KeyService.Notifications;
using Spectre.Console;

namespace ShareKey.KeyService.Cli.Commands;

/// <summary>`sharekey webhook replay ID [--delivery N …]`: send dead letters again, with a fresh day of retries.</summary>
public static class WebhookReplayCommand
{
    public static Command Create(CliContext context)
    {
        var id = new Argument<string>("id") { Description = "The webhook id (16 hex digits)." };
        var deliveries = new Option<long[]>("--delivery") { Description = "A dead letter's delivery id; repeat for several. Default: all of them.", AllowMultipleArgumentsPerToken = true };
        var command = context.ServiceCommand("replay", "Send a webhook's dead letters again.", id, deliveries);
        context.SetAction(command, async (parse, run, cancellationToken) =>
        {
            var given = parse.GetValue(deliveries);
            var reply = await run.Client.PostAsync<ReplayedDto>(
                $"v1/webhooks/{Uri.EscapeDataString(parse.GetValue(id)!)}/replay", new ReplayRequest(given is { Length: > 0 } ? given : null), cancellationToken);
            return run.Print(reply, replayed => run.Console.MarkupLine($"{replayed.Replayed} dead letter(s) queued again."));
        });
        return command;
    }
}
