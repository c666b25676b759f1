using System.CommandLine;
using ShareKey.KeyService.Api;
using ShareKey.KeyService.Rotation;
using Spectre.Console;

namespace ShareKey.KeyService.Cli.Commands;

/// <summary>`sharekey rotation start (--device ID … | --all)`: gives devices a new epoch key now (operators only).</summary>
public static class RotationStartCommand
{
    public static Command Create(CliContext context)
    {
        var devices = new Option<string[]>("--device") { Description = "A device id; repeat for several.", AllowMultipleArgumentsPerToken = true };
        var all = new Option<bool>("--all") { Description = "Every active device." };
        var command = context.ServiceCommand("start", "Rotate the epoch key of some devices, or all.", devices, all);
        context.SetAction(command, async (parse, run, cancellationToken) =>
        {
            var ids = parse.GetValue(devices) ?? [];
            var everyDevice = parse.GetValue(all);
            if ((ids.Length > 0) == everyDevice)
            {
                throw CliFailure.Usage("give --device ID (one or more) or --all");
            }

            var request = new RotationApi.StartRotationRequest(everyDevice ? null : ids, everyDevice);
            var reply = await run.WhileAsync("Starting rotations…", () => run.Client.PostAsync<List<RotationDto>>("v1/rotations", request, cancellationToken));
            return run.Print(reply, started =>
            {
                run.Console.Write(RotationListCommand.Table(started));
                run.Console.MarkupLine($"{started.Count} rotation(s) started; follow them with [bold]sharekey rotation watch[/].");
            });
        });
        return command;
    }
}
