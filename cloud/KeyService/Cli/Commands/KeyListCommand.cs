using System.CommandLine;
using ShareKey.KeyService.Api;
using ShareKey.KeyService.Keys;
using Spectre.Console;

namespace ShareKey.KeyService.Cli.Commands;

/// <summary>`sharekey key list [--device ID] [--holder USER] [--state S] [--limit N] [--before KEY]`: newest first; an operator sees every key, a user their own.</summary>
public static class KeyListCommand
{
    public static Command Create(CliContext context)
    {
        var device = new Option<string?>("--device") { Description = "Only keys of this device id." };
        var holder = new Option<string?>("--holder") { Description = "Only keys held by this user (id or name)." };
        var state = new Option<string?>("--state") { Description = "Only active, frozen or revoked keys." };
        state.AcceptOnlyFromAmong(Show.Names<KeyState>());
        var limit = new Option<int>("--limit") { Description = $"At most this many (1–{PageSize.Max}).", DefaultValueFactory = _ => PageSize.Default };
        var before = new Option<string?>("--before") { Description = "Only those listed after this key (the nextBefore of a previous page)." };
        var command = context.ServiceCommand("list", "List keys, newest first.", device, holder, state, limit, before);
        context.SetAction(command, async (parse, run, cancellationToken) =>
        {
            var path = Query.Of(
                "v1/keys",
                ("deviceId", parse.GetValue(device)),
                ("holderId", parse.GetValue(holder) is { } named ? await UserRef.ResolveAsync(run.Client, named, cancellationToken) : null),
                ("state", parse.GetValue(state) is { } s ? Show.Parse<KeyState>(s) : null),
                ("limit", parse.GetValue(limit)),
                ("before", parse.GetValue(before)));
            var reply = await run.Client.GetAsync<KeyPageDto>(path, cancellationToken);
            return run.Print(reply, page =>
            {
                var table = Show.Table("KEY", "DEVICE", "HOLDER", "TYPE", "STATE", "EPOCH", "MAX USES", "VALID UNTIL");
                foreach (var key in page.Items)
                {
                    table.AddRow(key.Id, key.DeviceId, key.HolderId, Show.Name(key.Type), Show.State(key.State), Show.Number(key.Epoch),
                        key.MaxUses == 0 ? "unlimited" : Show.Number(key.MaxUses), Show.Time(key.NotAfter));
                }

                run.Console.Write(table);
                Show.NextPage(run.Console, "--before", page.NextBefore);
            });
        });
        return command;
    }
}
