using System.CommandLine;
using ShareKey.KeyService.Parking.Occupancy;
using Spectre.Console;

namespace ShareKey.KeyService.Cli.Commands;

/// <summary>
/// `sharekey garage occupancy GARAGE [--map FILE]`: each space occupied, free or unknown now, with
/// counts; --map also saves the garage map with the spaces coloured (SVG). Managers see their spaces.
/// </summary>
public static class GarageOccupancyCommand
{
    public static Command Create(CliContext context)
    {
        var garage = new Argument<string>("garage") { Description = "The garage (id or name)." };
        var map = new Option<FileInfo?>("--map") { Description = "Also save the occupancy map (SVG) here." };
        var command = context.ServiceCommand("occupancy", "Show a garage's occupancy (and save it as a map picture).", garage, map);
        context.SetAction(command, async (parse, run, cancellationToken) =>
        {
            var id = await ParkingRef.GarageAsync(run.Client, parse.GetValue(garage)!, cancellationToken);
            var reply = await run.Client.GetAsync<GarageOccupancyDto>($"v1/garages/{id}/occupancy", cancellationToken);
            if (parse.GetValue(map) is { } file)
            {
                await File.WriteAllTextAsync(file.FullName, await run.Client.GetTextAsync($"v1/garages/{id}/occupancy/map", cancellationToken), cancellationToken);
            }

            return run.Print(reply, o =>
            {
                run.Console.MarkupLine($"Garage [bold]{Show.Text(o.Name)}[/]: {o.Occupied} occupied, {o.Free} free, {o.Unknown} unknown.");
                var table = Show.Table("SPACE", "LEVEL", "STATE", "LAST REPORT", "ID");
                foreach (var s in o.Spaces)
                {
                    table.AddRow(Show.Text(s.SpaceId), Show.Number(s.Level), OccupancyShow.State(s.State), Show.Time(s.LastReportAt), s.Id);
                }

                run.Console.Write(table);
                if (parse.GetValue(map) is { } saved)
                {
                    run.Console.MarkupLine($"Map saved to {Markup.Escape(saved.FullName)}.");
                }
            });
        });
        return command;
    }
}
