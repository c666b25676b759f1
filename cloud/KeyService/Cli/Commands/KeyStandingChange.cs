using System.CommandLine;
using ShareKey.KeyService.Keys;
using Spectre.Console;

namespace ShareKey.KeyService.Cli.Commands;

/// <summary>
/// What `key revoke`, `key freeze` and `key unfreeze` share: POST /v1/keys/ID/VERB and say what
/// the device learns. The device hears of it through a bulletin (over MQTT, or carried by phones).
/// </summary>
public static class KeyStandingChange
{
    public static Command Create(CliContext context, string verb, string description)
    {
        var id = new Argument<string>("id") { Description = "The key id (16 hex digits)." };
        var command = context.ServiceCommand(verb, description, id);
        context.SetAction(command, async (parse, run, cancellationToken) =>
        {
            var reply = await run.Client.PostAsync<KeyDto>($"v1/keys/{Uri.EscapeDataString(parse.GetValue(id)!)}/{verb}", null, cancellationToken);
            return run.Print(reply, key =>
                run.Console.MarkupLine($"Key [bold]{key.Id}[/] is now {Show.State(key.State)}; device {key.DeviceId} learns it from its next bulletin."));
        });
        return command;
    }
}
