using System.CommandLine;
using ShareKey.KeyService.Rotation;

namespace ShareKey.KeyService.Cli.Commands;

/// <summary>`sharekey rotation show ID`: one rotation with the keys it revokes and why it is where it is.</summary>
public static class RotationShowCommand
{
    public static Command Create(CliContext context)
    {
        var id = new Argument<long>("id") { Description = "The rotation id." };
        var command = context.ServiceCommand("show", "Show one key rotation.", id);
        context.SetAction(command, async (parse, run, cancellationToken) =>
        {
            var reply = await run.Client.GetAsync<RotationDto>($"v1/rotations/{parse.GetValue(id)}", cancellationToken);
            return run.Print(reply, r => run.Console.Write(Show.Fields(
                ("rotation", $"[bold]{r.Id}[/] {Show.Name(r.Cause)}{(r.RentalId is { } rental ? $" (rental {rental})" : string.Empty)}"),
                ("device", r.DeviceId),
                ("epoch", $"{r.FromEpoch} → {r.ToEpoch}"),
                ("state", Show.State(r.State)),
                ("backup key", r.BackupHeld ? "held (the device is served from it until the ack)" : Show.None),
                ("revokes", r.RevokedKeyIds.Length == 0 ? Show.None : string.Join(", ", r.RevokedKeyIds)),
                ("redrives", Show.Number(r.Redrives)),
                ("next redrive", Show.Time(r.RedriveAt)),
                ("created", Show.Time(r.CreatedAt)),
                ("updated", Show.Time(r.UpdatedAt)),
                ("confirmed", Show.Time(r.ConfirmedAt)),
                ("last error", Show.Text(r.LastError)))));
        });
        return command;
    }
}
