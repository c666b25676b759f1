using System.CommandLine;
using ShareKey.KeyService.Parking.Spaces;
using Spectre.Console;

namespace ShareKey.KeyService.Cli.Commands;

/// <summary>`sharekey space list [--garage G]`: spaces with their lock, managers and rules.</summary>
public static class SpaceListCommand
{
    public static Command Create(CliContext context)
    {
        var garage = new Option<string?>("--garage") { Description = "Only this garage's spaces (id or name)." };
        var command = context.ServiceCommand("list", "List parking spaces.", garage);
        context.SetAction(command, async (parse, run, cancellationToken) =>
        {
            var garageId = parse.GetValue(garage) is { } g ? await ParkingRef.GarageAsync(run.Client, g, cancellationToken) : null;
            var reply = await run.Client.GetAsync<List<SpaceDto>>(Query.Of("v1/spaces", ("garageId", garageId)), cancellationToken);
            return run.Print(reply, spaces =>
            {
                var table = Show.Table("ID", "GARAGE", "SPACE", "LEVEL", "LOCK", "MANAGERS", "MAX MIN", "HOLD MIN", "NO-SHOW MIN");
                foreach (var s in spaces)
                {
                    table.AddRow(s.Id, s.GarageId, Show.Text(s.SpaceId), Show.Number(s.Level), s.LockId, s.Managers.Count == 0 ? Show.None : string.Join(" ", s.Managers),
                        Show.Number(s.Rules.MaxReservationMinutes ?? 0), Show.Number(s.Rules.CancelHoldMinutes ?? 0), Show.Number(s.Rules.NoShowMinutes ?? 0));
                }

                run.Console.Write(table);
            });
        });
        return command;
    }
}
