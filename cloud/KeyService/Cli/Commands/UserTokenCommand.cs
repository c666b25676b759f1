using System.CommandLine;
using ShareKey.KeyService.Api;
using ShareKey.KeyService.Users;
using Spectre.Console;

namespace ShareKey.KeyService.Cli.Commands;

/// <summary>
/// `sharekey user token [USER] [--label TEXT] [--expires WHEN]`: a new API token for a user (default:
/// yourself), shown once; with --expires it is refused from then on (a time, or a span from now: 90m, 12h, 30d).
/// </summary>
public static class UserTokenCommand
{
    public static Command Create(CliContext context)
    {
        var user = new Argument<string?>("user") { Description = "The user's id or name; default: the caller.", Arity = ArgumentArity.ZeroOrOne };
        var label = new Option<string>("--label") { Description = "What the token is for, kept beside its hash.", DefaultValueFactory = _ => "cli" };
        var expires = new Option<string?>("--expires") { Description = "When the token stops working: an ISO 8601 time, or a span from now (90m, 12h, 30d). Default: never (until revoked)." };
        var command = context.ServiceCommand("token", "Create another API token for a user (shown once).", user, label, expires);
        context.SetAction(command, async (parse, run, cancellationToken) =>
        {
            var id = parse.GetValue(user) is { } named
                ? await UserRef.ResolveAsync(run.Client, named, cancellationToken)
                : (await run.Client.GetAsync<UserDto>("v1/users/me", cancellationToken)).Value.Id;
            var expiresAt = parse.GetValue(expires) is { } when ? ExpiryOf(when, DateTimeOffset.UtcNow) : (DateTimeOffset?)null;
            var reply = await run.Client.PostAsync<UserApi.CreatedToken>($"v1/users/{id}/tokens", new UserApi.CreateTokenRequest(parse.GetValue(label), expiresAt), cancellationToken);
            return run.Print(reply, created =>
            {
                run.Console.WriteLine($"A new API token for user {id}" + (expiresAt is { } at ? $", working until {Show.Time(at)}" : string.Empty) + ", shown this once:");
                run.Console.WriteLine("  " + created.Token);
            });
        });
        return command;
    }

    /// <summary>"30d", "12h", "90m" from <paramref name="now"/>, or an ISO 8601 time.</summary>
    public static DateTimeOffset ExpiryOf(string text, DateTimeOffset now)
    {
        if (text.Length >= 2 && int.TryParse(text[..^1], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var count) && count > 0)
        {
            switch (text[^1])
            {
                case 'm': return now.AddMinutes(count);
                case 'h': return now.AddHours(count);
                case 'd': return now.AddDays(count);
            }
        }

        return DateTimeOffset.TryParse(text, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out var at)
            ? at
            : throw CliFailure.Usage($"--expires: '{text}' is neither a time (ISO 8601) nor a span like 90m, 12h or 30d");
    }
}
