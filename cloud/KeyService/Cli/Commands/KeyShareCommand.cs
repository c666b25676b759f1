using System.CommandLine;
using ShareKey.KeyService.Keys;
using ShareKey.KeyService.Sharing;
using Spectre.Console;

namespace ShareKey.KeyService.Cli.Commands;

/// <summary>
/// `sharekey key share ID --user USER [--mode co-use|transfer] [--not-before T] [--not-after T]
/// [--max-uses N] [--permissions LIST]`: gives another user a key under this one (R2.5, R2.6),
/// within its limits. The holder (with the share permission) or the device's manager.
/// </summary>
public static class KeyShareCommand
{
    public static Command Create(CliContext context)
    {
        var id = new Argument<string>("id") { Description = "The key to share from (16 hex digits)." };
        var user = new Option<string>("--user") { Description = "Who gets the share: user id (16 hex digits) or exact user name.", Required = true };
        var mode = new Option<string>("--mode") { Description = "co-use (both keep a working key) or transfer (yours stops once theirs is used at the device).", DefaultValueFactory = _ => "co-use" };
        mode.AcceptOnlyFromAmong(Show.Names<ShareMode>());
        var notBefore = new Option<DateTimeOffset?>("--not-before") { Description = "Valid from (ISO 8601). Default: now." };
        var notAfter = new Option<DateTimeOffset?>("--not-after") { Description = "Valid until (ISO 8601). Default: the shared key's end." };
        var maxUses = new Option<ushort?>("--max-uses") { Description = "Unlocks/starts allowed. Default: the shared key's." };
        var permissions = new Option<string?>("--permissions") { Description = "Comma list of unlock, lock, start, share. Default: the shared key's unlock, lock, start." };
        var command = context.ServiceCommand("share", "Share a key with another user, co-use or transfer.", id, user, mode, notBefore, notAfter, maxUses, permissions);
        context.SetAction(command, async (parse, run, cancellationToken) =>
        {
            // A name goes to the service as it is: only operators may list users, and the service resolves it for anyone who may share.
            var recipient = parse.GetValue(user)!;
            var byId = UserRef.IsId(recipient);
            var request = new ShareApi.ShareKeyRequest(
                byId ? recipient.ToLowerInvariant() : null,
                Show.Parse<ShareMode>(parse.GetValue(mode)!),
                parse.GetValue(notBefore),
                parse.GetValue(notAfter),
                parse.GetValue(maxUses),
                parse.GetValue(permissions),
                byId ? null : recipient);
            var reply = await run.Client.PostAsync<KeyDto>($"v1/keys/{Uri.EscapeDataString(parse.GetValue(id)!)}/shares", request, cancellationToken);
            return run.Print(reply, key =>
            {
                run.Console.MarkupLine($"Shared: key [bold]{key.Id}[/] for user {key.HolderId} ({Show.Name(request.Mode!.Value)}), {Show.Text(key.Permissions)}, valid until {Show.Time(key.NotAfter)}"
                    + (key.MaxUses == 0 ? "." : $", {key.MaxUses} uses."));
                run.Console.MarkupLine($"The recipient's phone fetches it with [bold]sharekey phone fetch {key.Id}[/] (using the recipient's own token).");
            });
        });
        return command;
    }
}
