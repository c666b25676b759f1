using System.CommandLine;
using System.Text.Json;
using ShareKey.KeyService.Parking.Maps;
using Spectre.Console;

namespace ShareKey.KeyService.Cli.Commands;

/// <summary>`sharekey garage import FILE`: creates the garage, its map and its spaces from a garage file (docs/garage-file.md), all or nothing (operators).</summary>
public static class GarageImportCommand
{
    public static Command Create(CliContext context)
    {
        var file = new Argument<FileInfo>("file") { Description = "The garage file (JSON)." };
        var command = context.ServiceCommand("import", "Import a garage file: garage, map and spaces (operators).", file);
        context.SetAction(command, async (parse, run, cancellationToken) =>
        {
            var path = parse.GetValue(file)!.FullName;
            JsonElement body;
            try
            {
                body = JsonSerializer.Deserialize<JsonElement>(await File.ReadAllTextAsync(path, cancellationToken));
            }
            catch (Exception unreadable) when (unreadable is IOException or UnauthorizedAccessException or JsonException)
            {
                throw CliFailure.Usage($"cannot read {path} as JSON: {unreadable.Message}");
            }

            var reply = await run.Client.PostAsync<MapApi.ImportedGarage>("v1/garages/import", body, cancellationToken);
            return run.Print(reply, imported =>
            {
                run.Console.MarkupLine($"Garage [bold]{Show.Text(imported.Garage.Name)}[/] ({imported.Garage.Id}) with {imported.Spaces.Count} space(s):");
                var table = Show.Table("SPACE", "ID", "LEVEL", "LOCK");
                foreach (var s in imported.Spaces)
                {
                    table.AddRow(Show.Text(s.SpaceId), s.Id, Show.Number(s.Level), s.LockId);
                }

                run.Console.Write(table);
            });
        });
        return command;
    }
}
