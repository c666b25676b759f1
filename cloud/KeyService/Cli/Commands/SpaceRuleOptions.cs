using System.CommandLine;
using ShareKey.KeyService.Parking.Spaces;

namespace ShareKey.KeyService.Cli.Commands;

/// <summary>The rule options `space create` and `space rules` share, in minutes; each one left out keeps its value.</summary>
public sealed class SpaceRuleOptions
{
    private readonly Option<int?> maxReservation = new("--max-reservation") { Description = "Longest reservation, minutes." };
    private readonly Option<int?> bookingHorizon = new("--booking-horizon") { Description = "How far ahead a reservation may start, minutes." };
    private readonly Option<int?> cancelHold = new("--cancel-hold") { Description = "How long after booking a cancellation is free, minutes." };
    private readonly Option<int?> grace = new("--grace") { Description = "Key grace before and after the window, minutes." };
    private readonly Option<int?> noShow = new("--no-show") { Description = "An unoccupied space this long after the start releases the reservation, minutes." };

    private SpaceRuleOptions()
    {
    }

    public Symbol[] All => [maxReservation, bookingHorizon, cancelHold, grace, noShow];

    public static SpaceRuleOptions Create() => new();

    public SpaceRulesDto Read(ParseResult parse) =>
        new(parse.GetValue(maxReservation), parse.GetValue(bookingHorizon), parse.GetValue(cancelHold), parse.GetValue(grace), parse.GetValue(noShow));

    public static string Describe(SpaceRulesDto r) =>
        $"max {r.MaxReservationMinutes} min, horizon {r.BookingHorizonMinutes} min, free cancel {r.CancelHoldMinutes} min, grace {r.GraceMinutes} min, no-show {r.NoShowMinutes} min";
}
