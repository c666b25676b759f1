using System.CommandLine;
using System.Globalization;
using ShareKey.KeyService.RemoteLock;
using Spectre.Console;

namespace ShareKey.KeyService.Cli.Commands;

/// <summary>`sharekey vehicle charge-threshold VIN PERCENT|off`: below PERCENT the owners are prompted to lock the car (R3.2).</summary>
public static class VehicleChargeThresholdCommand
{
    public static Command Create(CliContext context)
    {
        var vin = new Argument<string>("vin") { Description = "The vehicle identification number (17 characters)." };
        var percent = new Argument<string>("percent") { Description = "The low-charge threshold, 1 to 99 (%), or 'off'." };
        var command = context.ServiceCommand("charge-threshold", "Set the state of charge below which the owners are asked to lock the vehicle (owners and operators).", vin, percent);
        context.SetAction(command, async (parse, run, cancellationToken) =>
        {
            var text = parse.GetValue(percent)!;
            int? value = null;
            if (text != "off")
            {
                if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed))
                {
                    throw CliFailure.Usage($"percent is a whole number from 1 to 99, or 'off'; not '{text}'.");
                }

                value = parsed;
            }

            var reply = await run.Client.PutAsync<RemoteLockApi.ThresholdDto>(
                $"v1/vehicles/{Uri.EscapeDataString(parse.GetValue(vin)!)}/charge-threshold", new RemoteLockApi.ThresholdBody(value), cancellationToken);
            return run.Print(reply, set => run.Console.MarkupLine(set.Percent is { } p
                ? $"Below [bold]{p} %[/] the owners of {Show.Text(set.Vin)} are asked to lock it."
                : $"No low-charge threshold for {Show.Text(set.Vin)}: nobody is prompted."));
        });
        return command;
    }
}
