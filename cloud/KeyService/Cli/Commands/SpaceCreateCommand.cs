using System.CommandLine;
using ShareKey.KeyService.Parking.Spaces;
using Spectre.Console;

namespace ShareKey.KeyService.Cli.Commands;

/// <summary>
/// `sharekey space create --garage G --space-id LABEL --level N --lock LOCK [rule options]`: binds a
/// parking lock to a labelled space (operators). Its manager is whoever holds the lock's owner key.
/// </summary>
public static class SpaceCreateCommand
{
    public static Command Create(CliContext context)
    {
        var garage = new Option<string>("--garage") { Description = "The garage (id or name).", Required = true };
        var label = new Option<string>("--space-id") { Description = "The space's label as painted (APDS spaceId), like B1-07.", Required = true };
        var level = new Option<int>("--level") { Description = "The floor's level.", Required = true };
        var lockDevice = new Option<string>("--lock") { Description = "The parking lock at the space (id or device name).", Required = true };
        var rules = SpaceRuleOptions.Create();
        var command = context.ServiceCommand("create", "Create a space bound to a parking lock (operators).", [garage, label, level, lockDevice, .. rules.All]);
        context.SetAction(command, async (parse, run, cancellationToken) =>
        {
            var request = new SpaceApi.CreateSpaceRequest(
                await ParkingRef.GarageAsync(run.Client, parse.GetValue(garage)!, cancellationToken),
                parse.GetValue(label)!,
                parse.GetValue(level),
                await ParkingRef.LockAsync(run.Client, parse.GetValue(lockDevice)!, cancellationToken),
                rules.Read(parse));
            var reply = await run.Client.PostAsync<SpaceDto>("v1/spaces", request, cancellationToken);
            return run.Print(reply, space =>
            {
                run.Console.MarkupLine($"Space [bold]{Show.Text(space.SpaceId)}[/] ({space.Id}) on level {space.Level}, lock {space.LockId}.");
                run.Console.MarkupLine(space.Managers.Count == 0
                    ? $"No manager yet: issue the lock's owner key, [bold]sharekey key issue --type owner --device {space.LockId} --user USER[/]."
                    : $"Managed by {string.Join(", ", space.Managers)}.");
            });
        });
        return command;
    }
}
