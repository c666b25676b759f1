using System.CommandLine;
using ShareKey.KeyService.Api;
using ShareKey.KeyService.Rentals;
using Spectre.Console;

namespace ShareKey.KeyService.Cli.Commands;

/// <summary>`sharekey rental list [--user USER] [--state S] [--limit N] [--before ID]`: newest first; an operator sees every rental, a user their own.</summary>
public static class RentalListCommand
{
    public static Command Create(CliContext context)
    {
        var user = new Option<string?>("--user") { Description = "Only this renter's rentals (id or name)." };
        var state = new Option<string?>("--state") { Description = "Only active or returned rentals." };
        state.AcceptOnlyFromAmong(Show.Names<RentalState>());
        var limit = new Option<int>("--limit") { Description = $"At most this many (1–{PageSize.Max}).", DefaultValueFactory = _ => PageSize.Default };
        var before = new Option<long?>("--before") { Description = "Only those listed after this rental (the nextBefore of a previous page)." };
        var command = context.ServiceCommand("list", "List rentals, newest first.", user, state, limit, before);
        context.SetAction(command, async (parse, run, cancellationToken) =>
        {
            var path = Query.Of(
                "v1/rentals",
                ("userId", parse.GetValue(user) is { } named ? await UserRef.ResolveAsync(run.Client, named, cancellationToken) : null),
                ("state", parse.GetValue(state) is { } s ? Show.Parse<RentalState>(s) : null),
                ("limit", parse.GetValue(limit)),
                ("before", parse.GetValue(before)));
            var reply = await run.Client.GetAsync<RentalPageDto>(path, cancellationToken);
            return run.Print(reply, page =>
            {
                var table = Show.Table("ID", "DEVICE", "RENTER", "KEY", "STARTS", "ENDS", "STATE", "RETURNED", "ROTATION");
                foreach (var r in page.Items)
                {
                    table.AddRow(Show.Number(r.Id), r.DeviceId, r.UserId, r.KeyId, Show.Time(r.StartsAt), Show.Time(r.EndsAt), Show.State(r.State),
                        Show.Time(r.ReturnedAt), r.RotationId is { } rotation ? Show.Number(rotation) : Show.None);
                }

                run.Console.Write(table);
                Show.NextPage(run.Console, "--before", page.NextBefore?.ToString(System.Globalization.CultureInfo.InvariantCulture));
            });
        });
        return command;
    }
}
