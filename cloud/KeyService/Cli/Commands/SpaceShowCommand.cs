using System.CommandLine;
using ShareKey.KeyService.Parking.Spaces;
using Spectre.Console;

namespace ShareKey.KeyService.Cli.Commands;

/// <summary>`sharekey space show SPACE [--garage G]`: one space, its lock, managers and rules.</summary>
public static class SpaceShowCommand
{
    public static Command Create(CliContext context)
    {
        var space = new Argument<string>("space") { Description = "The space (id, or its label)." };
        var garage = new Option<string?>("--garage") { Description = "The garage, when several have a space of that label." };
        var command = context.ServiceCommand("show", "Show a parking space.", space, garage);
        context.SetAction(command, async (parse, run, cancellationToken) =>
        {
            var id = await ParkingRef.SpaceAsync(run.Client, parse.GetValue(space)!, parse.GetValue(garage), cancellationToken);
            var reply = await run.Client.GetAsync<SpaceDto>($"v1/spaces/{id}", cancellationToken);
            return run.Print(reply, s => run.Console.Write(Show.Fields(
                ("space", $"[bold]{Show.Text(s.SpaceId)}[/] ({s.Id})"),
                ("garage", s.GarageId),
                ("level", Show.Number(s.Level)),
                ("lock", s.LockId),
                ("managers", s.Managers.Count == 0 ? "[yellow]none[/] (no live owner key of the lock)" : string.Join(", ", s.Managers)),
                ("rules", SpaceRuleOptions.Describe(s.Rules)))));
        });
        return command;
    }
}
