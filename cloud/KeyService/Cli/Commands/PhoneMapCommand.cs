using System.CommandLine;
using Spectre.Console;

namespace ShareKey.KeyService.Cli.Commands;

/// <summary>
/// `sharekey phone map SPACE [--out FILE]`: saves the garage map (SVG) with your space marked and the
/// route from the entrance — for a space you hold a live key for (or manage).
/// </summary>
public static class PhoneMapCommand
{
    public static Command Create(CliContext context)
    {
        var space = new Argument<string>("space") { Description = "The space (id, or its label)." };
        var garage = new Option<string?>("--garage") { Description = "The garage, when several have a space of that label." };
        var output = new Option<FileInfo?>("--out") { Description = "Where to save the SVG; default: map-SPACE.svg here." };
        var command = context.ServiceCommand("map", "Save the map to your space, with the route from the entrance (SVG).", space, garage, output);
        context.SetAction(command, async (parse, run, cancellationToken) =>
        {
            var label = parse.GetValue(space)!;
            var id = await ParkingRef.SpaceAsync(run.Client, label, parse.GetValue(garage), cancellationToken);
            var svg = await run.Client.GetTextAsync($"v1/spaces/{id}/map", cancellationToken);
            var path = (parse.GetValue(output) ?? new FileInfo($"map-{string.Concat(label.Where(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))}.svg")).FullName;
            await File.WriteAllTextAsync(path, svg, cancellationToken);
            if (run.Json)
            {
                run.Output.WriteLine(System.Text.Json.JsonSerializer.Serialize(new { space = id, file = path, bytes = svg.Length }, Api.Json.Options));
            }
            else
            {
                run.Console.MarkupLine($"Saved the map to space {Markup.Escape(label)} in {Markup.Escape(path)} (open it in a browser).");
            }

            return ExitCodes.Success;
        });
        return command;
    }
}
