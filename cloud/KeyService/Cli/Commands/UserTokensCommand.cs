using System.CommandLine;
using ShareKey.KeyService.Api;
using ShareKey.KeyService.Users;
using Spectre.Console;

namespace ShareKey.KeyService.Cli.Commands;

/// <summary>`sharekey user tokens [USER]`: a user's API tokens (default: yours) — ids, labels, dates; never the tokens.</summary>
public static class UserTokensCommand
{
    public static Command Create(CliContext context)
    {
        var user = new Argument<string?>("user") { Description = "The user's id or name; default: the caller.", Arity = ArgumentArity.ZeroOrOne };
        var command = context.ServiceCommand("tokens", "List a user's API tokens.", user);
        context.SetAction(command, async (parse, run, cancellationToken) =>
        {
            var id = await UserOrSelfAsync(run, parse.GetValue(user), cancellationToken);
            var reply = await run.Client.GetAsync<List<ApiTokenDto>>($"v1/users/{id}/tokens", cancellationToken);
            return run.Print(reply, tokens =>
            {
                var table = Show.Table("TOKEN", "LABEL", "CREATED", "EXPIRES", "REVOKED");
                foreach (var token in tokens)
                {
                    table.AddRow(Show.Number(token.Id), Show.Text(token.Name), Show.Time(token.CreatedAt), Show.Time(token.ExpiresAt), Show.Time(token.RevokedAt));
                }

                run.Console.Write(table);
            });
        });
        return command;
    }

    /// <summary>The named user's id, or the caller's own when none is named.</summary>
    public static async Task<string> UserOrSelfAsync(Invocation run, string? named, CancellationToken cancellationToken) =>
        named is not null
            ? await UserRef.ResolveAsync(run.Client, named, cancellationToken)
            : (await run.Client.GetAsync<UserDto>("v1/users/me", cancellationToken)).Value.Id;
}
