using System.CommandLine;
using ShareKey.KeyService.Api;
using ShareKey.KeyService.Keys;
using Spectre.Console;

namespace ShareKey.KeyService.Cli.Commands;

/// <summary>`sharekey key list [--device ID] [--holder USER] [--state S]`: an operator sees every key, a user their own.</summary>
public static class KeyListCommand
{
    public static Command Create(CliContext context)
    {
        var device = new Option<string?>("--device") { Description = "Only keys of this device id." };
        var holder = new Option<string?>("--holder") { Description = "Only keys held by this user (id or name)." };
        var state = new Option<string?>("--state") { Description = "Only active, frozen or revoked keys." };
        state.AcceptOnlyFromAmong(Show.Names<KeyState>());
        var command = context.ServiceCommand("list", "List keys.", device, holder, state);
        context.SetAction(command, async (parse, run, cancellationToken) =>
        {
            var path = Query.Of(
                "v1/keys",
                ("deviceId", parse.GetValue(device)),
                ("holderId", parse.GetValue(holder) is { } named ? await UserRef.ResolveAsync(run.Client, named, cancellationToken) : null),
                ("state", parse.GetValue(state) is { } s ? Show.Parse<KeyState>(s) : null));
            var reply = await run.Client.GetAsync<List<KeyDto>>(path, cancellationToken);
            return run.Print(reply, keys =>
            {
                var table = Show.Table("KEY", "DEVICE", "HOLDER", "TYPE", "STATE", "EPOCH", "MAX USES", "VALID UNTIL");
                foreach (var key in keys)
                {
                    table.AddRow(key.Id, key.DeviceId, key.HolderId, Show.Name(key.Type), Show.State(key.State), Show.Number(key.Epoch),
                        key.MaxUses == 0 ? "unlimited" : Show.Number(key.MaxUses), Show.Time(key.NotAfter));
                }

                run.Console.Write(table);
            });
        });
        return command;
    }
}
