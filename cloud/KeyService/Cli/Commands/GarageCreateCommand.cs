using System.CommandLine;
using ShareKey.KeyService.Parking.Garages;
using Spectre.Console;

namespace ShareKey.KeyService.Cli.Commands;

/// <summary>
/// `sharekey garage create NAME --time-zone TZ --country CC --city C --post-code P --street LINE… --floor LEVEL=NAME…`:
/// a garage without a map (operators; `sharekey garage import` brings one with its map and spaces).
/// </summary>
public static class GarageCreateCommand
{
    public static Command Create(CliContext context)
    {
        var name = new Argument<string>("name") { Description = "The garage's name (unique)." };
        var timeZone = new Option<string>("--time-zone") { Description = "Its IANA time zone, like Europe/Berlin.", Required = true };
        var country = new Option<string>("--country") { Description = "ISO 3166-1 alpha-2 country code (DE).", Required = true };
        var city = new Option<string>("--city") { Description = "City.", Required = true };
        var postCode = new Option<string>("--post-code") { Description = "Post code.", Required = true };
        var street = new Option<string[]>("--street") { Description = "An address line (repeat for more, in order).", Required = true, AllowMultipleArgumentsPerToken = false };
        var floor = new Option<string[]>("--floor") { Description = "A floor as LEVEL=NAME, like 0=Ground or -1=Basement (repeat).", Required = true };
        var command = context.ServiceCommand("create", "Create a garage (operators).", name, timeZone, country, city, postCode, street, floor);
        context.SetAction(command, async (parse, run, cancellationToken) =>
        {
            var floors = parse.GetValue(floor)!.Select(ParseFloor).ToList();
            var request = new CreateGarageRequest(
                parse.GetValue(name)!,
                parse.GetValue(timeZone)!,
                new AddressDto(parse.GetValue(country)!, parse.GetValue(city)!, parse.GetValue(postCode)!, parse.GetValue(street)!),
                floors);
            var reply = await run.Client.PostAsync<GarageDto>("v1/garages", request, cancellationToken);
            return run.Print(reply, garage => run.Console.MarkupLine(
                $"Garage [bold]{Show.Text(garage.Name)}[/] ({garage.Id}) with {garage.Floors.Count} floor(s). Add spaces with [bold]sharekey space create --garage {garage.Id} …[/]."));
        });
        return command;
    }

    private static FloorDto ParseFloor(string text)
    {
        var at = text.IndexOf('=');
        return at > 0 && int.TryParse(text[..at], System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out var level) && at < text.Length - 1
            ? new FloorDto(level, text[(at + 1)..])
            : throw CliFailure.Usage($"--floor {text}: write LEVEL=NAME, like 0=Ground");
    }
}
