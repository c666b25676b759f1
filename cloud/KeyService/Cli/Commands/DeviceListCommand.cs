using System.CommandLine;
using ShareKey.KeyService.Api;
using ShareKey.KeyService.Devices;
using Spectre.Console;

namespace ShareKey.KeyService.Cli.Commands;

/// <summary>`sharekey device list [--kind K] [--state S] [--limit N] [--after ID]`: boards in the order provisioned.</summary>
public static class DeviceListCommand
{
    public static Command Create(CliContext context)
    {
        var kind = new Option<string?>("--kind") { Description = "Only tbox or parking-lock devices." };
        kind.AcceptOnlyFromAmong(Show.Names<DeviceKind>());
        var state = new Option<string?>("--state") { Description = "Only active or decommissioned devices." };
        state.AcceptOnlyFromAmong(Show.Names<DeviceState>());
        var limit = new Option<int>("--limit") { Description = $"At most this many (1–{PageSize.Max}).", DefaultValueFactory = _ => PageSize.Default };
        var after = new Option<string?>("--after") { Description = "Only those provisioned after this device (the nextAfter of a previous page)." };
        var command = context.ServiceCommand("list", "List devices in the order provisioned.", kind, state, limit, after);
        context.SetAction(command, async (parse, run, cancellationToken) =>
        {
            var path = Query.Of(
                "v1/devices",
                ("kind", parse.GetValue(kind) is { } k ? Show.Parse<DeviceKind>(k) : null),
                ("state", parse.GetValue(state) is { } s ? Show.Parse<DeviceState>(s) : null),
                ("limit", parse.GetValue(limit)),
                ("after", parse.GetValue(after)));
            var reply = await run.Client.GetAsync<DevicePageDto>(path, cancellationToken);
            return run.Print(reply, page =>
            {
                var table = Show.Table("ID", "KIND", "NAME", "STATE", "EPOCH", "BULLETIN", "LAST SEEN");
                foreach (var device in page.Items)
                {
                    table.AddRow(device.Id, Show.Name(device.Kind), Show.Text(device.Name), Show.State(device.State),
                        Show.Number(device.Epoch), Show.Number(device.BulletinSequence), Show.Time(device.LastSeenAt));
                }

                run.Console.Write(table);
                Show.NextPage(run.Console, "--after", page.NextAfter);
            });
        });
        return command;
    }
}
