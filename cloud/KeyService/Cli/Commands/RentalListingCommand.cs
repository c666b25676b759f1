using System.CommandLine;
using ShareKey.KeyService.Rentals;
using Spectre.Console;

namespace ShareKey.KeyService.Cli.Commands;

/// <summary>`sharekey rental listing VIN [--off]`: an operator lists a fleet vehicle for rent, or takes it off the list.</summary>
public static class RentalListingCommand
{
    public static Command Create(CliContext context)
    {
        var vin = new Argument<string>("vin") { Description = "The vehicle's VIN." };
        var off = new Option<bool>("--off") { Description = "Take the vehicle off the rental list." };
        var command = context.ServiceCommand("listing", "List a fleet vehicle for rent (operators).", vin, off);
        context.SetAction(command, async (parse, run, cancellationToken) =>
        {
            var request = new RentalApi.ListingRequest(parse.GetValue(vin), !parse.GetValue(off));
            var reply = await run.Client.PostAsync<RentalApi.Listing>("v1/rentals/listings", request, cancellationToken);
            return run.Print(reply, listing =>
                run.Console.MarkupLine(listing.Rentable
                    ? $"VIN {Markup.Escape(listing.Vin)} (T-BOX {listing.DeviceId}) is listed for rent."
                    : $"VIN {Markup.Escape(listing.Vin)} (T-BOX {listing.DeviceId}) is off the rental list."));
        });
        return command;
    }
}
