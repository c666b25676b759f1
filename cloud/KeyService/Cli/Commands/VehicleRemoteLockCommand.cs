using System.CommandLine;
using ShareKey.KeyService.RemoteLock;
using Spectre.Console;

namespace ShareKey.KeyService.Cli.Commands;

/// <summary>
/// `sharekey vehicle remote-lock VIN [--prompt ID]`: the owner (or an operator) locks the car
/// remotely (R3.1) — its immobiliser and charge-inlet lock, at once if it stands still with the
/// ignition off, else as soon as it does; `--prompt` answers a low-charge prompt (R3.2).
/// </summary>
public static class VehicleRemoteLockCommand
{
    public static Command Create(CliContext context)
    {
        var vin = new Argument<string>("vin") { Description = "The vehicle identification number (17 characters)." };
        var prompt = new Option<long?>("--prompt") { Description = "The low-charge prompt this lock answers (its id from the notification)." };
        var command = context.ServiceCommand("remote-lock", "Lock a vehicle remotely (owners and operators).", vin, prompt);
        context.SetAction(command, async (parse, run, cancellationToken) =>
        {
            var reply = await run.Client.PostAsync<RemoteLockApi.RemoteLockRequestDto>(
                $"v1/vehicles/{Uri.EscapeDataString(parse.GetValue(vin)!)}/remote-lock", new RemoteLockApi.RemoteLockBody(parse.GetValue(prompt)), cancellationToken);
            return run.Print(reply, request => run.Console.MarkupLine(
                $"Remote lock #{request.Id} sent to T-BOX [bold]{request.DeviceId}[/] (message {request.MessageId}): {Show.Text(request.State)}. `sharekey vehicle status {Show.Text(parse.GetValue(vin))}` follows it."));
        });
        return command;
    }
}
