using System.CommandLine;
using ShareKey.KeyService.Parking.Garages;
using Spectre.Console;

namespace ShareKey.KeyService.Cli.Commands;

/// <summary>`sharekey garage show GARAGE`: its address, time zone and floors.</summary>
public static class GarageShowCommand
{
    public static Command Create(CliContext context)
    {
        var garage = new Argument<string>("garage") { Description = "The garage (id or name)." };
        var command = context.ServiceCommand("show", "Show a garage.", garage);
        context.SetAction(command, async (parse, run, cancellationToken) =>
        {
            var id = await ParkingRef.GarageAsync(run.Client, parse.GetValue(garage)!, cancellationToken);
            var reply = await run.Client.GetAsync<GarageDto>($"v1/garages/{id}", cancellationToken);
            return run.Print(reply, g =>
            {
                var a = g.PlaceStreetAddress;
                run.Console.Write(Show.Fields(
                    ("garage", $"[bold]{Show.Text(g.Name)}[/] ({g.Id})"),
                    ("address", Show.Text(string.Join(", ", [.. a.AddressLines, $"{a.PostCode} {a.City}", a.CountryCode]))),
                    ("time zone", Show.Text(g.TimeZone)),
                    ("map", g.HasMap ? "imported" : "[yellow]none[/] (sharekey garage import)"),
                    ("floors", string.Join(", ", g.Floors.Select(f => $"{f.Level}: {Show.Text(f.Name)}")))));
            });
        });
        return command;
    }
}
