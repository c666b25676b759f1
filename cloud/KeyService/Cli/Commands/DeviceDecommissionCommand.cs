using System.CommandLine;
using ShareKey.KeyService.Devices;
using Spectre.Console;

namespace ShareKey.KeyService.Cli.Commands;

/// <summary>
/// `sharekey device decommission ID [--yes]`: takes a board out of service for good (its keys are
/// revoked, its pending messages cancelled, its VIN binding ended). It cannot be undone, so it asks
/// on a terminal and needs --yes anywhere else.
/// </summary>
public static class DeviceDecommissionCommand
{
    public static Command Create(CliContext context)
    {
        var id = new Argument<string>("id") { Description = "The device id (16 hex digits)." };
        var yes = new Option<bool>("--yes") { Description = "Do not ask for confirmation." };
        var command = context.ServiceCommand("decommission", "Take a device out of service: keys revoked, messages cancelled, binding ended.", id, yes);
        context.SetAction(command, async (parse, run, cancellationToken) =>
        {
            var device = parse.GetValue(id)!;
            if (!parse.GetValue(yes))
            {
                if (!run.Console.Profile.Capabilities.Interactive)
                {
                    throw CliFailure.Usage($"decommissioning {device} revokes all its keys and cannot be undone; add --yes to confirm");
                }

                var question = new ConfirmationPrompt($"Decommission device {Markup.Escape(device)}? All its keys are revoked; this cannot be undone.") { DefaultValue = false };
                if (!await question.ShowAsync(run.Console, cancellationToken))
                {
                    run.Console.WriteLine("Nothing changed.");
                    return ExitCodes.Success;
                }
            }

            var reply = await run.Client.PostAsync<DeviceDto>($"v1/devices/{Uri.EscapeDataString(device)}/decommission", null, cancellationToken);
            return run.Print(reply, retired =>
                run.Console.MarkupLine($"Device [bold]{retired.Id}[/] ({Show.Text(retired.Name)}) is {Show.State(retired.State)} since {Show.Time(retired.DecommissionedAt)}: its keys are revoked and its pending messages cancelled."));
        });
        return command;
    }
}
