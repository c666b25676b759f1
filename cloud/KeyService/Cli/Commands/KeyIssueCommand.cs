using System.CommandLine;
using ShareKey.KeyService.Api;
using ShareKey.KeyService.Keys;
using Spectre.Console;

namespace ShareKey.KeyService.Cli.Commands;

/// <summary>
/// `sharekey key issue --type owner|renter|shared --user USER (--vin VIN | --device ID) [--not-before T]
/// [--not-after T] [--max-uses N]`: applies for a virtual key (R1.1). A car is named by its VIN, a
/// parking lock by its device id. The key's secrets go to its holder only (`sharekey phone fetch`).
/// </summary>
public static class KeyIssueCommand
{
    public static Command Create(CliContext context)
    {
        var type = new Option<string>("--type") { Description = "owner, renter or shared.", Required = true };
        type.AcceptOnlyFromAmong(Show.Names<KeyType>());
        var user = new Option<string>("--user") { Description = "The holder: user id or name.", Required = true };
        var vin = new Option<string?>("--vin") { Description = "The car, by VIN (its bound T-BOX gets the key)." };
        var device = new Option<string?>("--device") { Description = "The device id, for a parking lock." };
        var notBefore = new Option<DateTimeOffset?>("--not-before") { Description = "Valid from (ISO 8601). Default: now." };
        var notAfter = new Option<DateTimeOffset?>("--not-after") { Description = "Valid until (ISO 8601). Default: by key type." };
        var maxUses = new Option<ushort?>("--max-uses") { Description = "Unlocks/starts allowed; the device enforces it. Default: unlimited." };
        var command = context.ServiceCommand("issue", "Issue a virtual key to a user for a car or a parking lock.", type, user, vin, device, notBefore, notAfter, maxUses);
        context.SetAction(command, async (parse, run, cancellationToken) =>
        {
            if ((parse.GetValue(vin) is null) == (parse.GetValue(device) is null))
            {
                throw CliFailure.Usage("name the vehicle with exactly one of --vin (a car) or --device (a parking lock)");
            }

            var request = new KeyApi.IssueKeyRequest(
                Show.Parse<KeyType>(parse.GetValue(type)!),
                await UserRef.ResolveAsync(run.Client, parse.GetValue(user)!, cancellationToken),
                parse.GetValue(vin),
                parse.GetValue(device),
                parse.GetValue(notBefore),
                parse.GetValue(notAfter),
                parse.GetValue(maxUses));
            var reply = await run.Client.PostAsync<HeldKeyDto>("v1/keys", request, cancellationToken);
            return run.Print(reply, held =>
            {
                KeyShowCommand.Render(run.Console, held);
                run.Console.MarkupLine($"The holder's phone fetches it with [bold]sharekey phone fetch {held.Key.Id}[/] (using the holder's own token).");
            });
        });
        return command;
    }
}
