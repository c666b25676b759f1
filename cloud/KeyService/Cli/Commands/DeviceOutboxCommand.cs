using System.CommandLine;
using ShareKey.KeyService.Api;
using ShareKey.KeyService.Outbox;
using Spectre.Console;

namespace ShareKey.KeyService.Cli.Commands;

/// <summary>`sharekey device outbox ID [--state S] [--limit N]`: down messages to the device with their attempts and acks.</summary>
public static class DeviceOutboxCommand
{
    public static Command Create(CliContext context)
    {
        var id = new Argument<string>("id") { Description = "The device id (16 hex digits)." };
        var state = new Option<string?>("--state") { Description = "Only messages in this state." };
        state.AcceptOnlyFromAmong(Show.Names<OutboxState>());
        var limit = new Option<int>("--limit") { Description = "At most this many messages (1–1000).", DefaultValueFactory = _ => 50 };
        var command = context.ServiceCommand("outbox", "List the messages queued for a device.", id, state, limit);
        context.SetAction(command, async (parse, run, cancellationToken) =>
        {
            var path = Query.Of(
                $"v1/devices/{Uri.EscapeDataString(parse.GetValue(id)!)}/outbox",
                ("state", parse.GetValue(state) is { } s ? Show.Parse<OutboxState>(s) : null),
                ("limit", parse.GetValue(limit)));
            var reply = await run.Client.GetAsync<List<OutboxDto>>(path, cancellationToken);
            return run.Print(reply, messages =>
            {
                var table = Show.Table("ID", "MESSAGE", "TYPE", "STATE", "ATTEMPTS", "NEXT ATTEMPT", "ACKED", "ACK");
                foreach (var m in messages)
                {
                    table.AddRow(Show.Number(m.Id), Show.Number(m.MessageId), Show.Text(m.Type), Show.State(m.State), $"{m.Attempts}/{m.MaxAttempts}",
                        m.State == OutboxState.Pending ? Show.Time(m.NextAttemptAt) : Show.None, Show.Time(m.AckedAt), Show.Text(m.AckStatus));
                }

                run.Console.Write(table);
            });
        });
        return command;
    }
}
