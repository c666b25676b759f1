using System.CommandLine;
using ShareKey.KeyService.Parking.Reservations;
using Spectre.Console;

namespace ShareKey.KeyService.Cli.Commands;

/// <summary>`sharekey reservation cancel ID`: free within the space's hold period after booking; the key is revoked.</summary>
public static class ReservationCancelCommand
{
    public static Command Create(CliContext context)
    {
        var id = new Argument<string>("id") { Description = "The reservation id." };
        var command = context.ServiceCommand("cancel", "Cancel a reservation (free within the hold period after booking); its key is revoked.", id);
        context.SetAction(command, async (parse, run, cancellationToken) =>
        {
            var reply = await run.Client.PostAsync<ReservationDto>($"v1/reservations/{Uri.EscapeDataString(parse.GetValue(id)!)}/cancel", null, cancellationToken);
            return run.Print(reply, r =>
                run.Console.MarkupLine($"Reservation [bold]{r.Id}[/] cancelled at {Show.Time(r.PlannedUse.CancelTime)}; key {r.KeyId} is revoked and the lock is told."));
        });
        return command;
    }
}
