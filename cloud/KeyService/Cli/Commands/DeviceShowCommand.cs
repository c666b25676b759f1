using System.CommandLine;
using ShareKey.KeyService.Api;
using ShareKey.KeyService.Devices;
using ShareKey.KeyService.Provisioning;
using Spectre.Console;

namespace ShareKey.KeyService.Cli.Commands;

/// <summary>`sharekey device show ID`: the device, its VIN binding, its open rotation and its last KeyReport.</summary>
public static class DeviceShowCommand
{
    public static Command Create(CliContext context)
    {
        var id = new Argument<string>("id") { Description = "The device id (16 hex digits)." };
        var command = context.ServiceCommand("show", "Show one device.", id);
        context.SetAction(command, async (parse, run, cancellationToken) =>
        {
            var reply = await run.Client.GetAsync<DeviceApi.DeviceDetailsDto>($"v1/devices/{Uri.EscapeDataString(parse.GetValue(id)!)}", cancellationToken);
            return run.Print(reply, details =>
            {
                var device = details.Device;
                var rotation = details.OpenRotation;
                var report = details.LastReport;
                run.Console.Write(Show.Fields(
                    ("device", $"[bold]{device.Id}[/] {Show.Name(device.Kind)} {Show.Text(device.Name)}"),
                    ("state", Show.State(device.State) + (device.DecommissionedAt is { } at ? " since " + Show.Time(at) : string.Empty)),
                    ("confirmed epoch", device.Epoch == 0 ? "0 [yellow](no key rotation confirmed yet: no keys can be issued)[/]" : Show.Number(device.Epoch)),
                    ("bulletin", Show.Number(device.BulletinSequence)),
                    ("created", Show.Time(device.CreatedAt)),
                    ("last seen", Show.Time(device.LastSeenAt)),
                    ("vehicle", details.Binding is { } binding ? $"{Show.Text(binding.Vin)} (IMSI {Show.Text(binding.Imsi)}, since {Show.Time(binding.BoundAt)})" : Show.None),
                    ("open rotation", rotation is null ? Show.None
                        : $"#{rotation.Id} epoch {rotation.FromEpoch} → {rotation.ToEpoch}, {Show.State(rotation.State)}, {Show.Name(rotation.Cause)}"),
                    ("key report", report is null ? "[yellow]none yet[/]"
                        : $"epochs {report.ActiveEpoch}/{report.BackupEpoch}, bulletin {report.BulletinSequence}, received {Show.Time(report.ReceivedAt)}")));
            });
        });
        return command;
    }
}
