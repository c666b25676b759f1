using System.CommandLine;
using ShareKey.Phone.Commands;
using ShareKey.Phone.Keys;
using Spectre.Console;

namespace ShareKey.KeyService.Cli.Commands;

/// <summary>
/// `sharekey phone fetch KEY_ID [--wallet DIR]`: gets the holder's material for a key from the
/// service (with the holder's API token) and stores it in the wallet (<see cref="FetchedKey"/>).
/// Fetch again after a rotation or a change of validity: the service re-issues the token under the
/// device's current epoch — or says the key is revoked, which the wallet then remembers.
/// </summary>
public static class PhoneFetchCommand
{
    public static Command Create(CliContext context)
    {
        var id = new Argument<string>("key-id") { Description = "The key id (16 hex digits)." };
        var command = context.ServiceCommand("fetch", "Fetch a key you hold from the service into the phone's wallet.", id, context.Wallet);
        context.SetAction(command, async (parse, run, cancellationToken) =>
        {
            var keyId = parse.GetValue(id)!.ToLowerInvariant();
            var reply = await run.Client.GetAsync<HolderMaterial>($"v1/keys/{Uri.EscapeDataString(keyId)}", cancellationToken);
            var held = reply.Value;
            var wallet = PhoneWallet.Of(context, parse);
            var path = await PhoneWallet.RunAsync(() => Task.FromResult(FetchedKey.Store(wallet, held, run.Client.Url, DateTimeOffset.UtcNow)));
            return run.Print(reply, _ =>
            {
                var key = held.Key;
                run.Console.MarkupLine($"Stored key [bold]{key.Id}[/] ({Markup.Escape(key.Type)}, device {key.DeviceId}, epoch {key.Epoch}, valid until {Show.Time(key.NotAfter)}).");
                run.Console.MarkupLine($"File: {Markup.Escape(path)} (owner read/write only: it holds the holder secret).");
                run.Console.MarkupLine("Carries to an offline device: " + (held.Bulletin is null && held.SignedTime is null ? "nothing"
                    : string.Join(" and ", new[] { held.Bulletin is null ? null : "the device's newest bulletin", held.SignedTime is null ? null : "a signed time" }.OfType<string>())) + ".");
                run.Console.MarkupLine($"At the device: [bold]sharekey phone unlock {key.Id} --bridge HOST:PORT[/].");
            });
        });
        return command;
    }
}
