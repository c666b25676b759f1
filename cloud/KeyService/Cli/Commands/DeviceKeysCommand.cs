using System.CommandLine;
using ShareKey.KeyService.Devices;
using ShareKey.KeyService.Provisioning;
using Spectre.Console;

namespace ShareKey.KeyService.Cli.Commands;

/// <summary>
/// `sharekey device keys ID`: the cloud's keys of a device beside what the device itself last
/// reported (R1.4), and every point where the two differ, boxed so it is not missed. Drift is
/// information, not a failure: the exit code is 0 either way (scripts read "drift" from --json).
/// </summary>
public static class DeviceKeysCommand
{
    public static Command Create(CliContext context)
    {
        var id = new Argument<string>("id") { Description = "The device id (16 hex digits)." };
        var command = context.ServiceCommand("keys", "Compare the cloud's keys of a device with the device's own KeyReport.", id);
        context.SetAction(command, async (parse, run, cancellationToken) =>
        {
            var reply = await run.Client.GetAsync<DeviceApi.DeviceKeysDto>($"v1/devices/{Uri.EscapeDataString(parse.GetValue(id)!)}/keys", cancellationToken);
            return run.Print(reply, keys => Render(run.Console, keys));
        });
        return command;
    }

    private static void Render(IAnsiConsole console, DeviceApi.DeviceKeysDto keys)
    {
        var device = keys.Device;
        var report = keys.Report;
        console.MarkupLine($"Device [bold]{device.Id}[/] {Show.Text(device.Name)} ({Show.Name(device.Kind)}): cloud epoch {device.Epoch}, bulletin {device.BulletinSequence}");
        console.MarkupLine(report is null
            ? "KeyReport: [yellow]none yet[/]"
            : $"KeyReport: epochs {report.ActiveEpoch}/{report.BackupEpoch} (active/backup), bulletin {report.BulletinSequence}, "
                + $"device clock {Show.Time(DateTimeOffset.FromUnixTimeSeconds(report.DeviceTime))}, received {Show.Time(report.ReceivedAt)}");

        var table = Show.Table("KEY", "HOLDER", "TYPE", "STATE", "EPOCH", "USES (DEVICE)", "MAX USES", "VALID UNTIL");
        foreach (var (key, reportedUses) in keys.Keys.Select(k => (k.Key, k.ReportedUses)))
        {
            table.AddRow(key.Id, key.HolderId, Show.Name(key.Type), Show.State(key.State), Show.Number(key.Epoch),
                reportedUses is { } uses ? Show.Number(uses) : Show.None, key.MaxUses == 0 ? "unlimited" : Show.Number(key.MaxUses), Show.Time(key.NotAfter));
        }

        console.Write(table);
        if (keys.Drift.Count == 0)
        {
            console.MarkupLine("[green]In step:[/] the device's KeyReport matches the cloud's records.");
            return;
        }

        var lines = string.Join("\n", keys.Drift.Select(line => "[bold]![/] " + Markup.Escape(line)));
        console.Write(new Panel(new Markup(lines)).Header($"[bold red] DRIFT ({keys.Drift.Count}) [/]").BorderColor(Color.Red));
    }
}
