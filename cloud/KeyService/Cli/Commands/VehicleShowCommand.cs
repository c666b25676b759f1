using System.CommandLine;
using ShareKey.KeyService.Vehicles;
using Spectre.Console;

namespace ShareKey.KeyService.Cli.Commands;

/// <summary>`sharekey vehicle show VIN`: the T-BOX a VIN is bound to (R4) and every binding it had.</summary>
public static class VehicleShowCommand
{
    public static Command Create(CliContext context)
    {
        var vin = new Argument<string>("vin") { Description = "The vehicle identification number (17 characters)." };
        var command = context.ServiceCommand("show", "Show a vehicle's T-BOX binding and its history.", vin);
        context.SetAction(command, async (parse, run, cancellationToken) =>
        {
            var reply = await run.Client.GetAsync<VehicleApi.VehicleDto>($"v1/vehicles/{Uri.EscapeDataString(parse.GetValue(vin)!)}", cancellationToken);
            return run.Print(reply, vehicle =>
            {
                var active = vehicle.Active;
                run.Console.Write(Show.Fields(
                    ("VIN", $"[bold]{Show.Text(vehicle.Vin)}[/]"),
                    ("T-BOX", active is null ? "[yellow]not bound[/]"
                        : $"{active.DeviceId}{(vehicle.Device is { } device ? " " + Show.Text(device.Name) + " (" + Show.Name(device.State) + ")" : string.Empty)}"),
                    ("IMSI", active is null ? Show.None : Show.Text(active.Imsi)),
                    ("bound since", active is null ? Show.None : Show.Time(active.BoundAt))));

                var history = Show.Table("DEVICE", "IMSI", "BOUND", "ENDED", "WHY ENDED");
                foreach (var binding in vehicle.History)
                {
                    history.AddRow(binding.DeviceId, Show.Text(binding.Imsi), Show.Time(binding.BoundAt), Show.Time(binding.EndedAt), Show.Text(binding.EndReason));
                }

                run.Console.Write(history);
            });
        });
        return command;
    }
}
