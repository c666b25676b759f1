using System.CommandLine;
using ShareKey.KeyService.Api;
using ShareKey.KeyService.Keys;
using Spectre.Console;

namespace ShareKey.KeyService.Cli.Commands;

/// <summary>
/// `sharekey key change ID [--from T] [--until T] [--max-uses N]`: the device's manager (or an
/// operator) shortens or extends a key's window or uses within the key it was shared from (R1.5);
/// the holder's next fetch gets the new token and devices refuse the old one.
/// </summary>
public static class KeyChangeCommand
{
    public static Command Create(CliContext context)
    {
        var id = new Argument<string>("id") { Description = "The key to change (16 hex digits)." };
        var from = new Option<DateTimeOffset?>("--from") { Description = "New start of validity (ISO 8601)." };
        var until = new Option<DateTimeOffset?>("--until") { Description = "New end of validity (ISO 8601)." };
        var maxUses = new Option<ushort?>("--max-uses") { Description = "New number of unlocks/starts allowed; 0 is unlimited." };
        var command = context.ServiceCommand("change", "Change a key's validity window or uses.", id, from, until, maxUses);
        context.SetAction(command, async (parse, run, cancellationToken) =>
        {
            var request = new KeyApi.ChangeValidityRequest(parse.GetValue(from), parse.GetValue(until), parse.GetValue(maxUses));
            if (request.NotBefore is null && request.NotAfter is null && request.MaxUses is null)
            {
                throw CliFailure.Usage("name at least one of --from, --until or --max-uses");
            }

            var reply = await run.Client.PostAsync<KeyDto>($"v1/keys/{Uri.EscapeDataString(parse.GetValue(id)!)}/validity", request, cancellationToken);
            return run.Print(reply, key =>
            {
                run.Console.MarkupLine($"Key [bold]{key.Id}[/] is now valid {Show.Time(key.NotBefore)} to {Show.Time(key.NotAfter)}, "
                    + (key.MaxUses == 0 ? "unlimited uses." : $"{key.MaxUses} uses."));
                run.Console.MarkupLine($"Its holder's next fetch gets the new token; device {key.DeviceId} refuses the old one once its next bulletin reaches it.");
            });
        });
        return command;
    }
}
