using System.CommandLine;
using ShareKey.KeyService.Parking.Reservations;
using Spectre.Console;

namespace ShareKey.KeyService.Cli.Commands;

/// <summary>
/// `sharekey reservation make --space SPACE [--garage G] --from T (--to T | --hours N) [--user USER]`: reserves a
/// space for a window and prints the key for its lock that comes with it (default renter: the caller).
/// </summary>
public static class ReservationMakeCommand
{
    public static Command Create(CliContext context)
    {
        var space = new Option<string>("--space") { Description = "The space: its id or its label (sharekey space list).", Required = true };
        var garage = new Option<string?>("--garage") { Description = "The garage (id or name), when several have a space of that label." };
        var from = new Option<DateTimeOffset>("--from") { Description = "When the window starts (ISO 8601).", Required = true };
        var to = new Option<DateTimeOffset?>("--to") { Description = "When it ends (ISO 8601)." };
        var hours = new Option<double?>("--hours") { Description = "Or: how many hours it lasts." };
        var user = new Option<string?>("--user") { Description = "The renter (id or name; operators); default: the caller." };
        var command = context.ServiceCommand("make", "Reserve a space for a window; the renter's key for its lock comes with it.", space, garage, from, to, hours, user);
        context.SetAction(command, async (parse, run, cancellationToken) =>
        {
            var start = parse.GetValue(from);
            var end = (parse.GetValue(to), parse.GetValue(hours)) switch
            {
                ({ } at, null) => at,
                (null, { } h) when h > 0 => start.AddHours(h),
                (null, { }) => throw CliFailure.Usage("--hours must be more than 0"),
                _ => throw CliFailure.Usage("give exactly one of --to or --hours"),
            };
            var renter = parse.GetValue(user) is { } named ? await UserRef.ResolveAsync(run.Client, named, cancellationToken) : null;
            var spaceId = await ParkingRef.SpaceAsync(run.Client, parse.GetValue(space)!, parse.GetValue(garage), cancellationToken);
            var request = new ReservationApi.MakeReservationRequest(spaceId, start, end, renter);
            var reply = await run.Client.PostAsync<ReservationApi.MadeReservation>("v1/reservations", request, cancellationToken);
            return run.Print(reply, made =>
            {
                var r = made.Reservation;
                run.Console.MarkupLine($"Reservation [bold]{r.Id}[/]: space {r.SpaceId} for user {r.UserId} from {Show.Time(r.PlannedUse.StartTime)} to {Show.Time(r.PlannedUse.EndTime)}.");
                run.Console.MarkupLine($"Key [bold]{r.KeyId}[/] opens the space's lock from {Show.Time(made.Key.Key.NotBefore)} to {Show.Time(made.Key.Key.NotAfter)}, {made.Key.Key.MaxUses} times; the renter's phone fetches it with [bold]sharekey phone fetch {r.KeyId}[/].");
                run.Console.MarkupLine($"Free cancellation until {Show.Time(r.CancelFreeUntil)}: [bold]sharekey reservation cancel {r.Id}[/]. Not parked by {Show.Time(r.NoShowAt)}: released as a no-show.");
            });
        });
        return command;
    }
}
