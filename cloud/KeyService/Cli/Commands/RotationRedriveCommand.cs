using System.CommandLine;
using ShareKey.KeyService.Rotation;
using Spectre.Console;

namespace ShareKey.KeyService.Cli.Commands;

/// <summary>`sharekey rotation redrive ID`: sends a given-up or failed rotation again now instead of at its redrive time.</summary>
public static class RotationRedriveCommand
{
    public static Command Create(CliContext context)
    {
        var id = new Argument<long>("id") { Description = "The rotation id." };
        var command = context.ServiceCommand("redrive", "Send a given-up or failed rotation again now.", id);
        context.SetAction(command, async (parse, run, cancellationToken) =>
        {
            var reply = await run.Client.PostAsync<RotationDto>($"v1/rotations/{parse.GetValue(id)}/redrive", null, cancellationToken);
            return run.Print(reply, r =>
                run.Console.MarkupLine($"Rotation [bold]{r.Id}[/] (device {r.DeviceId}, epoch {r.FromEpoch} → {r.ToEpoch}) is {Show.State(r.State)} again; follow it with [bold]sharekey rotation watch[/]."));
        });
        return command;
    }
}
