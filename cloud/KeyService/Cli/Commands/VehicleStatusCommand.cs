using System.CommandLine;
using ShareKey.KeyService.RemoteLock;
using Spectre.Console;

namespace ShareKey.KeyService.Cli.Commands;

/// <summary>
/// `sharekey vehicle status VIN`: what the car last reported (charge, cable, speed, ignition, remote
/// lock and its outputs), the low-charge threshold and an open prompt, and the latest remote-lock
/// requests with how far the car carried each out. Owners and operators.
/// </summary>
public static class VehicleStatusCommand
{
    public static Command Create(CliContext context)
    {
        var vin = new Argument<string>("vin") { Description = "The vehicle identification number (17 characters)." };
        var command = context.ServiceCommand("status", "Show a vehicle's charge, remote lock and remote-lock requests (owners and operators).", vin);
        context.SetAction(command, async (parse, run, cancellationToken) =>
        {
            var reply = await run.Client.GetAsync<RemoteLockApi.RemoteLockStatusDto>($"v1/vehicles/{Uri.EscapeDataString(parse.GetValue(vin)!)}/remote-lock", cancellationToken);
            return run.Print(reply, status =>
            {
                var car = status.Vehicle;
                run.Console.Write(Show.Fields(
                    ("VIN", $"[bold]{Show.Text(status.Vin)}[/]"),
                    ("T-BOX", status.DeviceId),
                    ("charge", car?.StateOfCharge is { } soc ? $"{soc} %" : Show.None),
                    ("cable", car is null ? Show.None : Show.Text(car.Cable)),
                    ("speed", car?.SpeedKmh is { } kmh ? $"{kmh} km/h" : Show.None),
                    ("ignition", car?.IgnitionOn is { } on ? (on ? "on" : "off") : Show.None),
                    ("remote lock", car is null ? Show.None : $"[bold]{Show.Text(car.RemoteLock)}[/] (immobiliser {(car.Immobiliser ? "engaged" : "released")}, inlet {(car.ChargeInletLocked ? "locked" : "free")})"),
                    ("reported", Show.Time(car?.ReceivedAt)),
                    ("low-charge threshold", status.ChargeThreshold is { } threshold ? $"{threshold} %" : Show.None),
                    ("open prompt", status.OpenPrompt is { } prompt ? $"#{prompt.Id}: {prompt.Percent} % < {prompt.Threshold} % since {Show.Time(prompt.CreatedAt)}" : Show.None)));

                var requests = Show.Table("ID", "ACTION", "BY", "REQUESTED", "STATE", "REASON", "UPDATED");
                foreach (var request in status.Requests)
                {
                    requests.AddRow(Show.Number(request.Id), request.Action, request.RequestedBy, Show.Time(request.RequestedAt), Show.Text(request.State), Show.Text(request.Reason), Show.Time(request.UpdatedAt));
                }

                run.Console.Write(requests);
            });
        });
        return command;
    }
}
