using System.CommandLine;
using ShareKey.KeyService.Api;
using ShareKey.KeyService.Rotation;
using Spectre.Console;

namespace ShareKey.KeyService.Cli.Commands;

/// <summary>`sharekey rotation list [--state S] [--device ID] [--limit N]`: epoch changes, newest first.</summary>
public static class RotationListCommand
{
    public static Command Create(CliContext context)
    {
        var state = new Option<string?>("--state") { Description = "Only rotations in this state." };
        state.AcceptOnlyFromAmong(Show.Names<RotationState>());
        var device = new Option<string?>("--device") { Description = "Only this device's rotations." };
        var limit = new Option<int>("--limit") { Description = "At most this many.", DefaultValueFactory = _ => 100 };
        var command = context.ServiceCommand("list", "List key rotations.", state, device, limit);
        context.SetAction(command, async (parse, run, cancellationToken) =>
        {
            var path = Query.Of(
                "v1/rotations",
                ("deviceId", parse.GetValue(device)),
                ("state", parse.GetValue(state) is { } s ? Show.Parse<RotationState>(s) : null),
                ("limit", parse.GetValue(limit)));
            var reply = await run.Client.GetAsync<List<RotationDto>>(path, cancellationToken);
            return run.Print(reply, rotations => run.Console.Write(Table(rotations)));
        });
        return command;
    }

    public static Table Table(IEnumerable<RotationDto> rotations)
    {
        var table = Show.Table("ID", "DEVICE", "CAUSE", "EPOCH", "STATE", "BACKUP", "REDRIVES", "UPDATED", "LAST ERROR");
        foreach (var r in rotations)
        {
            table.AddRow(Show.Number(r.Id), r.DeviceId, Show.Name(r.Cause), $"{r.FromEpoch} → {r.ToEpoch}", Show.State(r.State),
                r.BackupHeld ? "held" : Show.None, Show.Number(r.Redrives), Show.Time(r.UpdatedAt), Show.Text(r.LastError));
        }

        return table;
    }
}
