using System.CommandLine;
using ShareKey.KeyService.RemoteLock;
using Spectre.Console;

namespace ShareKey.KeyService.Cli.Commands;

/// <summary>`sharekey vehicle release VIN`: the owner (or an operator) releases the car's remote lock.</summary>
public static class VehicleReleaseCommand
{
    public static Command Create(CliContext context)
    {
        var vin = new Argument<string>("vin") { Description = "The vehicle identification number (17 characters)." };
        var command = context.ServiceCommand("release", "Release a vehicle's remote lock (owners and operators).", vin);
        context.SetAction(command, async (parse, run, cancellationToken) =>
        {
            var reply = await run.Client.PostAsync<RemoteLockApi.RemoteLockRequestDto>(
                $"v1/vehicles/{Uri.EscapeDataString(parse.GetValue(vin)!)}/remote-release", null, cancellationToken);
            return run.Print(reply, request => run.Console.MarkupLine(
                $"Remote release #{request.Id} sent to T-BOX [bold]{request.DeviceId}[/] (message {request.MessageId}): {Show.Text(request.State)}."));
        });
        return command;
    }
}
