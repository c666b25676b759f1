using System.CommandLine;
using ShareKey.KeyService.Parking.Reservations;
using Spectre.Console;

namespace ShareKey.KeyService.Cli.Commands;

/// <summary>`sharekey reservation list [--space SPACE [--garage G]] [--user USER] [--state S]`: a space's for its manager, else the caller's own (operators: all).</summary>
public static class ReservationListCommand
{
    public static Command Create(CliContext context)
    {
        var space = new Option<string?>("--space") { Description = "Only this space's, by id or label (its managers and operators)." };
        var garage = new Option<string?>("--garage") { Description = "The garage (id or name), when several have a space of that label." };
        var user = new Option<string?>("--user") { Description = "Only this renter's (id or name)." };
        var state = new Option<string?>("--state") { Description = "Only booked, arrived, cancelled or released ones." };
        state.AcceptOnlyFromAmong(Show.Names<ReservationState>());
        var command = context.ServiceCommand("list", "List reservations, soonest first.", space, garage, user, state);
        context.SetAction(command, async (parse, run, cancellationToken) =>
        {
            var path = Query.Of(
                "v1/reservations",
                ("spaceId", parse.GetValue(space) is { } named ? await ParkingRef.SpaceAsync(run.Client, named, parse.GetValue(garage), cancellationToken) : null),
                ("userId", parse.GetValue(user) is { } renter ? await UserRef.ResolveAsync(run.Client, renter, cancellationToken) : null),
                ("state", parse.GetValue(state) is { } s ? Show.Parse<ReservationState>(s) : null));
            var reply = await run.Client.GetAsync<List<ReservationDto>>(path, cancellationToken);
            return run.Print(reply, reservations =>
            {
                var table = Show.Table("ID", "SPACE", "RENTER", "FROM", "TO", "STATE", "KEY", "FREE CANCEL UNTIL");
                foreach (var r in reservations)
                {
                    table.AddRow(r.Id, r.SpaceId, r.UserId, Show.Time(r.PlannedUse.StartTime), Show.Time(r.PlannedUse.EndTime), Show.State(r.State), r.KeyId, Show.Time(r.CancelFreeUntil));
                }

                run.Console.Write(table);
            });
        });
        return command;
    }
}
