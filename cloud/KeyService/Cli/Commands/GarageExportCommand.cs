using System.CommandLine;
using ShareKey.KeyService.Parking.Maps;
using Spectre.Console;

namespace ShareKey.KeyService.Cli.Commands;

/// <summary>`sharekey garage export GARAGE [--out FILE]`: the garage file back, as imported (operators); to standard output without --out.</summary>
public static class GarageExportCommand
{
    public static Command Create(CliContext context)
    {
        var garage = new Argument<string>("garage") { Description = "The garage (id or name)." };
        var output = new Option<FileInfo?>("--out") { Description = "Write the file here instead of to standard output." };
        var command = context.ServiceCommand("export", "Export a garage file (operators).", garage, output);
        context.SetAction(command, async (parse, run, cancellationToken) =>
        {
            var id = await ParkingRef.GarageAsync(run.Client, parse.GetValue(garage)!, cancellationToken);
            var reply = await run.Client.GetAsync<GarageFile>($"v1/garages/{id}/export", cancellationToken);
            if (parse.GetValue(output) is not { } file)
            {
                run.Output.WriteLine(reply.Json);
                return ExitCodes.Success;
            }

            await File.WriteAllTextAsync(file.FullName, reply.Json + "\n", cancellationToken);
            return run.Print(reply, exported => run.Console.MarkupLine($"Wrote garage [bold]{Show.Text(exported.Name)}[/] to {Markup.Escape(file.FullName)}."));
        });
        return command;
    }
}
