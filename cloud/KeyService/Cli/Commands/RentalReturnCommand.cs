using System.CommandLine;
using ShareKey.KeyService.Rentals;
using Spectre.Console;

namespace ShareKey.KeyService.Cli.Commands;

/// <summary>`sharekey rental return ID`: the car is back; the renter's key is revoked and the car's key rotates (R0.1).</summary>
public static class RentalReturnCommand
{
    public static Command Create(CliContext context)
    {
        var id = new Argument<long>("id") { Description = "The rental id." };
        var command = context.ServiceCommand("return", "Return a rented car: revoke the renter's key and rotate the car's key.", id);
        context.SetAction(command, async (parse, run, cancellationToken) =>
        {
            var reply = await run.Client.PostAsync<RentalApi.ReturnedRental>($"v1/rentals/{parse.GetValue(id)}/return", null, cancellationToken);
            return run.Print(reply, returned =>
            {
                var rotation = returned.Rotation;
                run.Console.MarkupLine($"Rental [bold]{returned.Rental.Id}[/] returned at {Show.Time(returned.Rental.ReturnedAt)}; key {returned.Rental.KeyId} is revoked.");
                run.Console.MarkupLine($"Rotation [bold]{rotation.Id}[/] takes device {rotation.DeviceId} from epoch {rotation.FromEpoch} to {rotation.ToEpoch}: {Show.State(rotation.State)}.");
                run.Console.MarkupLine("Until the car acknowledges, the next renter is served from the backup key. Follow it with [bold]sharekey rotation watch[/].");
            });
        });
        return command;
    }
}
