using System.CommandLine;
using ShareKey.KeyService.Parking.Reservations;
using Spectre.Console;

namespace ShareKey.KeyService.Cli.Commands;

/// <summary>`sharekey reservation show ID`: one reservation, for its renter, the space's managers and operators.</summary>
public static class ReservationShowCommand
{
    public static Command Create(CliContext context)
    {
        var id = new Argument<string>("id") { Description = "The reservation id." };
        var command = context.ServiceCommand("show", "Show a reservation.", id);
        context.SetAction(command, async (parse, run, cancellationToken) =>
        {
            var reply = await run.Client.GetAsync<ReservationDto>($"v1/reservations/{Uri.EscapeDataString(parse.GetValue(id)!)}", cancellationToken);
            return run.Print(reply, r => run.Console.Write(Show.Fields(
                ("Reservation", r.Id),
                ("Space", r.SpaceId),
                ("Lock", r.DeviceId),
                ("Renter", r.UserId),
                ("State", Show.State(r.State)),
                ("From", Show.Time(r.PlannedUse.StartTime)),
                ("To", Show.Time(r.PlannedUse.EndTime)),
                ("Booked", Show.Time(r.IssuanceTime)),
                ("Free cancel until", Show.Time(r.CancelFreeUntil)),
                ("No-show at", Show.Time(r.NoShowAt)),
                ("Parked since", Show.Time(r.Session?.ActualStart)),
                ("Cancelled", Show.Time(r.PlannedUse.CancelTime)),
                ("Released", Show.Time(r.PlannedUse.ExpiryTime)),
                ("Key", r.KeyId))));
        });
        return command;
    }
}
