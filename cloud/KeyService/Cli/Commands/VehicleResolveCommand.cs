using System.CommandLine;
using ShareKey.KeyService.Vehicles;
using Spectre.Console;

namespace ShareKey.KeyService.Cli.Commands;

/// <summary>
/// `sharekey vehicle resolve VIN --to DEVICE`: settles a contested VIN (another T-BOX asked for it
/// while its own T-BOX was still reporting). DEVICE is the current T-BOX (kept) or a claimant (moved).
/// </summary>
public static class VehicleResolveCommand
{
    public static Command Create(CliContext context)
    {
        var vin = new Argument<string>("vin") { Description = "The vehicle identification number (17 characters)." };
        var to = new Option<string>("--to") { Description = "The T-BOX (16 hex digits) that keeps or gets the VIN.", Required = true };
        var command = context.ServiceCommand("resolve", "Resolve a contested VIN binding: keep its T-BOX or move it to a claimant.", vin, to);
        context.SetAction(command, async (parse, run, cancellationToken) =>
        {
            var path = $"v1/vehicles/{Uri.EscapeDataString(parse.GetValue(vin)!)}/resolve/{Uri.EscapeDataString(parse.GetValue(to)!)}";
            var reply = await run.Client.PostAsync<VehicleApi.VehicleDto>(path, null, cancellationToken);
            return run.Print(reply, vehicle => run.Console.MarkupLine(vehicle.Active is { } active
                ? $"VIN [bold]{Show.Text(vehicle.Vin)}[/] is bound to T-BOX [bold]{active.DeviceId}[/] (IMSI {Show.Text(active.Imsi)}); its contested claims are resolved."
                : $"VIN [bold]{Show.Text(vehicle.Vin)}[/] is not bound; its contested claims are resolved."));
        });
        return command;
    }
}
