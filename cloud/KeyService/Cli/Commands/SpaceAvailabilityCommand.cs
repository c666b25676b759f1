using System.CommandLine;
using ShareKey.KeyService.Parking.Reservations;
using Spectre.Console;

namespace ShareKey.KeyService.Cli.Commands;

/// <summary>
/// `sharekey space availability SPACE [--garage G] [--from T] [--to T | --hours N]`: when the space is
/// free to reserve and when it is taken (times only, never whose), for anyone signed in.
/// </summary>
public static class SpaceAvailabilityCommand
{
    public static Command Create(CliContext context)
    {
        var space = new Argument<string>("space") { Description = "The space (id, or its label)." };
        var garage = new Option<string?>("--garage") { Description = "The garage, when several have a space of that label." };
        var from = new Option<DateTimeOffset?>("--from") { Description = "From when (ISO 8601); default now." };
        var to = new Option<DateTimeOffset?>("--to") { Description = "Until when (ISO 8601); default a day after --from, at most 31 days." };
        var hours = new Option<double?>("--hours") { Description = "Or: how many hours after --from." };
        var command = context.ServiceCommand("availability", "Show when a space is free to reserve.", space, garage, from, to, hours);
        context.SetAction(command, async (parse, run, cancellationToken) =>
        {
            var start = parse.GetValue(from);
            var end = (parse.GetValue(to), parse.GetValue(hours)) switch
            {
                ({ }, { }) => throw CliFailure.Usage("give at most one of --to or --hours"),
                (null, { } h) when h <= 0 => throw CliFailure.Usage("--hours must be more than 0"),
                (null, { } h) => (start ?? DateTimeOffset.UtcNow).AddHours(h),
                (var at, null) => at,
            };
            var id = await ParkingRef.SpaceAsync(run.Client, parse.GetValue(space)!, parse.GetValue(garage), cancellationToken);
            var path = Query.Of($"v1/spaces/{id}/availability", ("from", start), ("to", end));
            var reply = await run.Client.GetAsync<SpaceAvailabilityDto>(path, cancellationToken);
            return run.Print(reply, a =>
            {
                run.Console.MarkupLine($"Space [bold]{Show.Text(a.SpaceId)}[/] from {Show.Time(a.From)} to {Show.Time(a.To)}; a reservation may start until {Show.Time(a.BookableUntil)}.");
                var table = Show.Table("FROM", "TO", "");
                foreach (var (window, state) in a.Free.Select(w => (w, "free")).Concat(a.Taken.Select(w => (w, "taken"))).OrderBy(x => x.Item1.StartTime))
                {
                    table.AddRow(Show.Time(window.StartTime), Show.Time(window.EndTime), state);
                }

                run.Console.Write(table);
            });
        });
        return command;
    }
}
