using System.CommandLine;
using ShareKey.KeyService.Api;
using ShareKey.KeyService.Devices;
using Spectre.Console;

namespace ShareKey.KeyService.Cli.Commands;

/// <summary>`sharekey device list [--kind K] [--state S]`.</summary>
public static class DeviceListCommand
{
    public static Command Create(CliContext context)
    {
        var kind = new Option<string?>("--kind") { Description = "Only tbox or parking-lock devices." };
        kind.AcceptOnlyFromAmong(Show.Names<DeviceKind>());
        var state = new Option<string?>("--state") { Description = "Only active or decommissioned devices." };
        state.AcceptOnlyFromAmong(Show.Names<DeviceState>());
        var command = context.ServiceCommand("list", "List devices.", kind, state);
        context.SetAction(command, async (parse, run, cancellationToken) =>
        {
            var path = Query.Of(
                "v1/devices",
                ("kind", parse.GetValue(kind) is { } k ? Show.Parse<DeviceKind>(k) : null),
                ("state", parse.GetValue(state) is { } s ? Show.Parse<DeviceState>(s) : null));
            var reply = await run.Client.GetAsync<List<DeviceDto>>(path, cancellationToken);
            return run.Print(reply, devices =>
            {
                var table = Show.Table("ID", "KIND", "NAME", "STATE", "EPOCH", "BULLETIN", "LAST SEEN");
                foreach (var device in devices)
                {
                    table.AddRow(device.Id, Show.Name(device.Kind), Show.Text(device.Name), Show.State(device.State),
                        Show.Number(device.Epoch), Show.Number(device.BulletinSequence), Show.Time(device.LastSeenAt));
                }

                run.Console.Write(table);
            });
        });
        return command;
    }
}
