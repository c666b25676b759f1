using System.CommandLine;
using ShareKey.KeyService.Devices;
using Spectre.Console;

namespace ShareKey.KeyService.Cli.Commands;

/// <summary>`sharekey device events ID [--limit N]`: what the device reported — unlocks, refusals, occupancy — newest first.</summary>
public static class DeviceEventsCommand
{
    public static Command Create(CliContext context)
    {
        var id = new Argument<string>("id") { Description = "The device id (16 hex digits)." };
        var limit = new Option<int>("--limit") { Description = "At most this many events (1–1000).", DefaultValueFactory = _ => 50 };
        var command = context.ServiceCommand("events", "List a device's reported events.", id, limit);
        context.SetAction(command, async (parse, run, cancellationToken) =>
        {
            var path = Query.Of($"v1/devices/{Uri.EscapeDataString(parse.GetValue(id)!)}/events", ("limit", parse.GetValue(limit)));
            var reply = await run.Client.GetAsync<List<EventDto>>(path, cancellationToken);
            return run.Print(reply, events =>
            {
                var table = Show.Table("RECEIVED", "DEVICE TIME", "EVENT", "KEY", "DETAIL", "VALUE");
                foreach (var e in events)
                {
                    table.AddRow(Show.Time(e.ReceivedAt), Show.Time(e.DeviceTime), Show.Text(e.Kind), e.KeyId ?? Show.None, Show.Number(e.Detail), Show.Number(e.Value));
                }

                run.Console.Write(table);
            });
        });
        return command;
    }
}
