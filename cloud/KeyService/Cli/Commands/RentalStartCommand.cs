using System.CommandLine;
using ShareKey.KeyService.Rentals;
using Spectre.Console;

namespace ShareKey.KeyService.Cli.Commands;

/// <summary>
/// `sharekey rental start --vin VIN (--ends-at T | --hours N) [--user USER]`: rents a car out; the
/// renter's key is issued for the rental period (default renter: the caller).
/// </summary>
public static class RentalStartCommand
{
    public static Command Create(CliContext context)
    {
        var vin = new Option<string>("--vin") { Description = "The car's VIN.", Required = true };
        var endsAt = new Option<DateTimeOffset?>("--ends-at") { Description = "When the rental ends (ISO 8601)." };
        var hours = new Option<double?>("--hours") { Description = "Or: how many hours from now the rental lasts." };
        var user = new Option<string?>("--user") { Description = "The renter (id or name); default: the caller." };
        var command = context.ServiceCommand("start", "Rent a car out and issue the renter's key.", vin, endsAt, hours, user);
        context.SetAction(command, async (parse, run, cancellationToken) =>
        {
            var end = (parse.GetValue(endsAt), parse.GetValue(hours)) switch
            {
                ({ } at, null) => at,
                (null, { } h) when h > 0 => DateTimeOffset.UtcNow.AddHours(h),
                (null, { }) => throw CliFailure.Usage("--hours must be more than 0"),
                _ => throw CliFailure.Usage("give exactly one of --ends-at or --hours"),
            };
            var renter = parse.GetValue(user) is { } named ? await UserRef.ResolveAsync(run.Client, named, cancellationToken) : null;
            var request = new RentalApi.StartRentalRequest(renter, parse.GetValue(vin), null, end);
            var reply = await run.Client.PostAsync<RentalApi.StartedRental>("v1/rentals", request, cancellationToken);
            return run.Print(reply, started =>
            {
                var rental = started.Rental;
                run.Console.MarkupLine($"Rental [bold]{rental.Id}[/]: user {rental.UserId} has device {rental.DeviceId} until {Show.Time(rental.EndsAt)}.");
                run.Console.MarkupLine($"Renter's key [bold]{rental.KeyId}[/]: the renter's phone fetches it with [bold]sharekey phone fetch {rental.KeyId}[/].");
                run.Console.MarkupLine($"At the end: [bold]sharekey rental return {rental.Id}[/] (revokes the key and rotates the car's key).");
            });
        });
        return command;
    }
}
