using System.CommandLine;
using ShareKey.KeyService.Parking.Occupancy;
using Spectre.Console;

namespace ShareKey.KeyService.Cli.Commands;

/// <summary>`sharekey space occupancy SPACE [--limit N]`: the space's state now and its lock's reports, newest first (managers and operators).</summary>
public static class SpaceOccupancyCommand
{
    public static Command Create(CliContext context)
    {
        var space = new Argument<string>("space") { Description = "The space (id, or its label)." };
        var garage = new Option<string?>("--garage") { Description = "The garage, when several have a space of that label." };
        var limit = new Option<int?>("--limit") { Description = "How many reports (1–500, default 50)." };
        var command = context.ServiceCommand("occupancy", "Show a space's occupancy and its history.", space, garage, limit);
        context.SetAction(command, async (parse, run, cancellationToken) =>
        {
            var id = await ParkingRef.SpaceAsync(run.Client, parse.GetValue(space)!, parse.GetValue(garage), cancellationToken);
            var reply = await run.Client.GetAsync<SpaceOccupancyDto>(Query.Of($"v1/spaces/{id}/occupancy", ("limit", parse.GetValue(limit))), cancellationToken);
            return run.Print(reply, o =>
            {
                run.Console.MarkupLine($"Space [bold]{Show.Text(o.SpaceId)}[/] is {OccupancyShow.State(o.State)} (last report {Show.Time(o.LastReportAt)}).");
                var table = Show.Table("RECEIVED", "OCCUPIED", "WHY", "DEVICE TIME");
                foreach (var r in o.History)
                {
                    table.AddRow(Show.Time(r.ReceivedAt), r.Occupied ? "yes" : "no", Show.Name(r.Reason), Show.Number(r.DeviceTime));
                }

                run.Console.Write(table);
            });
        });
        return command;
    }
}
