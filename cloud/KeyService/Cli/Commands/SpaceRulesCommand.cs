using System.CommandLine;
using ShareKey.KeyService.Parking.Spaces;
using Spectre.Console;

namespace ShareKey.KeyService.Cli.Commands;

/// <summary>`sharekey space rules SPACE [--max-reservation M] …`: changes the rules given (its managers and operators); with none, shows them.</summary>
public static class SpaceRulesCommand
{
    public static Command Create(CliContext context)
    {
        var space = new Argument<string>("space") { Description = "The space (id, or its label)." };
        var garage = new Option<string?>("--garage") { Description = "The garage, when several have a space of that label." };
        var rules = SpaceRuleOptions.Create();
        var command = context.ServiceCommand("rules", "Change a space's reservation rules (managers and operators).", [space, garage, .. rules.All]);
        context.SetAction(command, async (parse, run, cancellationToken) =>
        {
            var id = await ParkingRef.SpaceAsync(run.Client, parse.GetValue(space)!, parse.GetValue(garage), cancellationToken);
            var reply = await run.Client.PutAsync<SpaceRulesDto>($"v1/spaces/{id}/rules", rules.Read(parse), cancellationToken);
            return run.Print(reply, r => run.Console.MarkupLine($"Space {id}: {SpaceRuleOptions.Describe(r)}."));
        });
        return command;
    }
}
