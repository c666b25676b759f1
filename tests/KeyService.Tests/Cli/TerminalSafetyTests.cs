using Microsoft.Extensions.DependencyInjection;
using ShareKey.KeyService.Api;
using ShareKey.KeyService.Audit;
using ShareKey.KeyService.Auth;
using ShareKey.KeyService.Hosting;
using ShareKey.KeyService.Storage;
using ShareKey.KeyService.Users;

namespace ShareKey.KeyService.Tests.Cli;

/// <summary>
/// What reaches an operator's terminal cannot drive it: stored text is printed with control and
/// invisible characters escaped, and a mistyped value gets our words, never a .NET type name.
/// </summary>
public sealed class TerminalSafetyTests(CliService service) : IClassFixture<CliService>
{
    private const string Escapes = "\u001B]0;pwned\u0007\u001B[2J\u001B[31mRED \u202Eevil";

    [Fact]
    public async Task Stored_escape_sequences_are_shown_escaped_in_tables_and_records()
    {
        // Text stored before the input rules, or by a path around them: written straight into the store.
        var store = service.Service.Services.GetRequiredService<IKeyStore>();
        await using (var session = await store.BeginAsync(CancellationToken.None))
        {
            await session.Audit.AppendAsync(new AuditEntry(0, DateTimeOffset.UtcNow, "user:0000000000000bad", "key.issue", "vin:\u001B[2J", "invalid-request", "vin=" + Escapes), CancellationToken.None);
            await session.Users.InsertAsync(new User(Ids.NewId(), "mal\u001B[5mlory", UserRole.User, DateTimeOffset.UtcNow), CancellationToken.None);
            await session.CommitAsync(CancellationToken.None);
        }

        var audit = await service.RunAsync("audit", "list", "--actor", "user:0000000000000bad");
        var users = await service.RunAsync("user", "list");

        foreach (var run in new[] { audit, users })
        {
            Assert.True(run.ExitCode == 0, run.ToString());
            Assert.DoesNotContain('\u001B', run.Output);
            Assert.DoesNotContain('\u0007', run.Output);
            Assert.DoesNotContain('\u202E', run.Output);
        }

        Assert.Contains(@"\u{1B}]0;pwned\u{7}", audit.Output);
        Assert.Contains(@"\u{202E}evil", audit.Output);
        Assert.Contains(@"mal\u{1B}[5mlory", users.Output);
    }

    [Theory]
    [InlineData("--since", "a time in ISO 8601 form", "audit", "list", "--since", "yesterday")]
    [InlineData("--limit", "a whole number", "audit", "list", "--limit", "lots")]
    [InlineData("--max-uses", "a whole number from 0 to 65535", "key", "issue", "--type", "owner", "--vin", "1M8GDM9AXKP042788", "--max-uses", "70000")]
    [InlineData("id", "a whole number", "rental", "return", "first")]
    public async Task A_value_of_the_wrong_type_is_a_usage_error_in_our_words(string name, string expected, params string[] args)
    {
        var run = await service.RunAsync(args);

        Assert.Equal(1, run.ExitCode);
        Assert.Contains(name, run.Error);
        Assert.Contains(expected, run.Error);
        foreach (var word in new[] { "System.", "Int32", "Int64", "UInt16", "Nullable", "DateTimeOffset", "expected type" })
        {
            Assert.DoesNotContain(word, run.Error);
        }
    }
}
