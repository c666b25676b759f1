using System.CommandLine;
using ShareKey.KeyService.Parking.Occupancy;
using Spectre.Console;

namespace ShareKey.KeyService.Cli.Commands;

/// <summary>`sharekey space report SPACE`: asks the space's lock to report its occupancy now (a ReportRequest; managers and operators).</summary>
public static class SpaceReportCommand
{
    public static Command Create(CliContext context)
    {
        var space = new Argument<string>("space") { Description = "The space (id, or its label)." };
        var garage = new Option<string?>("--garage") { Description = "The garage, when several have a space of that label." };
        var command = context.ServiceCommand("report", "Ask a space's lock to report its occupancy now.", space, garage);
        context.SetAction(command, async (parse, run, cancellationToken) =>
        {
            var id = await ParkingRef.SpaceAsync(run.Client, parse.GetValue(space)!, parse.GetValue(garage), cancellationToken);
            var reply = await run.Client.PostAsync<ReportRequestedDto>($"v1/spaces/{id}/report", null, cancellationToken);
            return run.Print(reply, r => run.Console.MarkupLine(
                $"Asked lock {r.LockId} to report (ReportRequest #{r.MessageId}); [bold]sharekey space occupancy {Markup.Escape(parse.GetValue(space)!)}[/] shows its answer."));
        });
        return command;
    }
}
