using System.CommandLine;
using ShareKey.KeyService.Parking.Garages;
using Spectre.Console;

namespace ShareKey.KeyService.Cli.Commands;

/// <summary>`sharekey garage list`: every garage.</summary>
public static class GarageListCommand
{
    public static Command Create(CliContext context)
    {
        var command = context.ServiceCommand("list", "List garages.");
        context.SetAction(command, async (parse, run, cancellationToken) =>
        {
            var reply = await run.Client.GetAsync<List<GarageDto>>("v1/garages", cancellationToken);
            return run.Print(reply, garages =>
            {
                var table = Show.Table("ID", "NAME", "CITY", "TIME ZONE", "FLOORS", "MAP", "CREATED");
                foreach (var g in garages)
                {
                    table.AddRow(g.Id, Show.Text(g.Name), Show.Text(g.PlaceStreetAddress.City), Show.Text(g.TimeZone), Show.Number(g.Floors.Count), g.HasMap ? "yes" : "no", Show.Time(g.CreatedAt));
                }

                run.Console.Write(table);
            });
        });
        return command;
    }
}
