using System.CommandLine;
using ShareKey.KeyService.Audit;
using Spectre.Console;

namespace ShareKey.KeyService.Cli.Commands;

/// <summary>`sharekey audit list [--actor A] [--action A] [--target T] [--since T] [--limit N]`: who did what, newest first (operators only).</summary>
public static class AuditListCommand
{
    public static Command Create(CliContext context)
    {
        var actor = new Option<string?>("--actor") { Description = "Only entries by this actor (user:ID, device:ID, system)." };
        var action = new Option<string?>("--action") { Description = "Only this action (e.g. device.provision, key.revoke)." };
        var target = new Option<string?>("--target") { Description = "Only entries about this target (e.g. device:ID, key:ID)." };
        var since = new Option<DateTimeOffset?>("--since") { Description = "Only entries at or after this time (ISO 8601)." };
        var limit = new Option<int>("--limit") { Description = "At most this many entries (1–10000).", DefaultValueFactory = _ => 100 };
        var command = context.ServiceCommand("list", "Read the audit log.", actor, action, target, since, limit);
        context.SetAction(command, async (parse, run, cancellationToken) =>
        {
            var path = Query.Of(
                "v1/audit",
                ("actor", parse.GetValue(actor)),
                ("action", parse.GetValue(action)),
                ("target", parse.GetValue(target)),
                ("since", parse.GetValue(since)),
                ("limit", parse.GetValue(limit)));
            var reply = await run.Client.GetAsync<List<AuditDto>>(path, cancellationToken);
            return run.Print(reply, entries =>
            {
                var table = Show.Table("AT", "ACTOR", "ACTION", "TARGET", "RESULT", "DETAIL");
                foreach (var e in entries)
                {
                    table.AddRow(Show.Time(e.At), Show.Text(e.Actor), Show.Text(e.Action), Show.Text(e.Target),
                        e.Result == "ok" ? "[green]ok[/]" : $"[red]{Show.Text(e.Result)}[/]", Show.Text(e.Detail));
                }

                run.Console.Write(table);
            });
        });
        return command;
    }
}
