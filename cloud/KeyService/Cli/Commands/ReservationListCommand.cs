using System.CommandLine;
using ShareKey.KeyService.Api;
using ShareKey.KeyService.Parking.Reservations;
using Spectre.Console;

namespace ShareKey.KeyService.Cli.Commands;

/// <summary>`sharekey reservation list [--space SPACE [--garage G]] [--user USER] [--state S] [--limit N] [--after ID]`: soonest first; a space's for its manager, else the caller's own (operators: all).</summary>
public static class ReservationListCommand
{
    public static Command Create(CliContext context)
    {
        var space = new Option<string?>("--space") { Description = "Only this space's, by id or label (its managers and operators)." };
        var garage = new Option<string?>("--garage") { Description = "The garage (id or name), when several have a space of that label." };
        var user = new Option<string?>("--user") { Description = "Only this renter's (id or name)." };
        var state = new Option<string?>("--state") { Description = "Only booked, arrived, cancelled or released ones." };
        state.AcceptOnlyFromAmong(Show.Names<ReservationState>());
        var limit = new Option<int>("--limit") { Description = $"At most this many (1–{PageSize.Max}).", DefaultValueFactory = _ => PageSize.Default };
        var after = new Option<string?>("--after") { Description = "Only those listed after this reservation (the nextAfter of a previous page)." };
        var command = context.ServiceCommand("list", "List reservations, soonest first.", space, garage, user, state, limit, after);
        context.SetAction(command, async (parse, run, cancellationToken) =>
        {
            var path = Query.Of(
                "v1/reservations",
                ("spaceId", parse.GetValue(space) is { } named ? await ParkingRef.SpaceAsync(run.Client, named, parse.GetValue(garage), cancellationToken) : null),
                ("userId", parse.GetValue(user) is { } renter ? await UserRef.ResolveAsync(run.Client, renter, cancellationToken) : null),
                ("state", parse.GetValue(state) is { } s ? Show.Parse<ReservationState>(s) : null),
                ("limit", parse.GetValue(limit)),
                ("after", parse.GetValue(after)));
            var reply = await run.Client.GetAsync<ReservationPageDto>(path, cancellationToken);
            return run.Print(reply, page =>
            {
                var table = Show.Table("ID", "SPACE", "RENTER", "FROM", "TO", "STATE", "KEY", "FREE CANCEL UNTIL");
                foreach (var r in page.Items)
                {
                    table.AddRow(r.Id, r.SpaceId, r.UserId, Show.Time(r.PlannedUse.StartTime), Show.Time(r.PlannedUse.EndTime), Show.State(r.State), r.KeyId, Show.Time(r.CancelFreeUntil));
                }

                run.Console.Write(table);
                Show.NextPage(run.Console, "--after", page.NextAfter);
            });
        });
        return command;
    }
}
