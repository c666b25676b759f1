using System.CommandLine;
using System.Text.Json;
using ShareKey.KeyService.Api;
using ShareKey.KeyService.Keys;
using Spectre.Console;

namespace ShareKey.KeyService.Cli.Commands;

/// <summary>
/// `sharekey key tree [ID]`: a key and every key shared down from it — or, with no id, the trees of
/// every key you hold. A device's manager sees everything below the owner key, with who froze what.
/// </summary>
public static class KeyTreeCommand
{
    public static Command Create(CliContext context)
    {
        var id = new Argument<string?>("id") { Description = "The key at the top (16 hex digits). Default: each key you hold.", Arity = ArgumentArity.ZeroOrOne };
        var command = context.ServiceCommand("tree", "Show keys and everything shared from them.", id);
        context.SetAction(command, async (parse, run, cancellationToken) =>
        {
            var tops = parse.GetValue(id) is { } top
                ? [top]
                : TopsOf(await LiveKeysHeldAsync(run.Client, cancellationToken));
            var nodes = new List<KeyNodeDto>();
            foreach (var key in tops)
            {
                nodes.AddRange((await run.Client.GetAsync<List<KeyNodeDto>>($"v1/keys/{Uri.EscapeDataString(key)}/tree", cancellationToken)).Value);
            }

            if (run.Json)
            {
                run.Output.WriteLine(JsonSerializer.Serialize(nodes, Api.Json.Options));
                return ExitCodes.Success;
            }

            Render(run.Console, nodes);
            return ExitCodes.Success;
        });
        return command;
    }

    public static void Render(IAnsiConsole console, IReadOnlyList<KeyNodeDto> nodes)
    {
        var table = Show.Table("KEY", "HOLDER", "TYPE", "MODE", "STATE", "FROZEN BY", "PERMISSIONS", "MAX USES", "VALID UNTIL");
        foreach (var node in nodes)
        {
            var key = node.Key;
            table.AddRow(
                new string(' ', 2 * node.Depth) + (node.Depth == 0 ? string.Empty : "└ ") + key.Id,
                key.HolderId,
                Show.Name(key.Type),
                node.Mode,
                Show.State(key.State),
                node.Freeze is { } freeze ? Show.Text(freeze.By) : Show.None,
                Show.Text(key.Permissions),
                key.MaxUses == 0 ? "unlimited" : Show.Number(key.MaxUses),
                Show.Time(key.NotAfter));
        }

        console.Write(table);
    }

    /// <summary>The caller's live keys, every page of them: a revoked key's shares are revoked with it, so only live ones head a tree worth showing.</summary>
    private static async Task<List<KeyDto>> LiveKeysHeldAsync(ServiceClient client, CancellationToken cancellationToken)
    {
        var held = new List<KeyDto>();
        foreach (var state in new[] { KeyState.Active, KeyState.Frozen })
        {
            string? before = null;
            do
            {
                var page = (await client.GetAsync<KeyPageDto>(Query.Of("v1/keys", ("state", state), ("limit", PageSize.Max), ("before", before)), cancellationToken)).Value;
                held.AddRange(page.Items);
                before = page.NextBefore;
            }
            while (before is not null);
        }

        return held;
    }

    /// <summary>The caller's keys that do not hang under another of them (the others show inside those trees).</summary>
    private static List<string> TopsOf(List<KeyDto> held)
    {
        var ids = held.Select(key => key.Id).ToHashSet();
        return held.Where(key => key.ParentKeyId is null || !ids.Contains(key.ParentKeyId)).Select(key => key.Id).ToList();
    }
}
